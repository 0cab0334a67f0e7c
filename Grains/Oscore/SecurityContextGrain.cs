using System.Text;
using Eals.Grains.Enrollment;
using Eals.Grains.Pledges;
using Eals.Grains.Psk;
using Eals.Grains.Security;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Oscore;

/// <summary>
/// The registrar's OSCORE context for one pledge (RFC 8613). Requests are verified here, served by the
/// enrollment service, and the response protected here; the updated replay window and sequence state are
/// written before the response is returned, so after a crash a replayed request is still recognised and
/// no nonce is used twice (the sequence-number ceiling is persisted ahead of use, appendix B.1.1).
/// </summary>
public sealed partial class SecurityContextGrain(
    [PersistentState("oscore")] IPersistentState<SecurityContextGrainState> state,
    IStateSealer sealer,
    IEnrollmentService enrollment,
    TimeProvider time,
    ILogger<SecurityContextGrain> logger,
    IOscoreEncryptionObserver? encryptionObserver = null) : Grain, ISecurityContextGrain, IOscoreSequenceNumberStore
{
    private readonly AnsweredRequestCache _answered = new();
    private OscoreSecurityContext? _context;
    private ulong? _persistedCeiling;

    private string SealPurpose => $"oscore-context/{this.GetPrimaryKeyString()}";

    ulong? IOscoreSequenceNumberStore.PersistedCeiling => _persistedCeiling;

    public async Task EstablishAsync(OscoreEstablishment establishment)
    {
        _context?.Dispose();
        _context = null;
        _persistedCeiling = null;
        _answered.Clear();
        var parameters = new OscoreContextParameters(establishment.MasterSecret, establishment.SenderId, establishment.RecipientId, establishment.MasterSalt, establishment.IdContext);
        var context = OscoreSecurityContext.Derive(parameters, this, SystemRandomSource.Instance, observer: encryptionObserver);
        state.State.Identity = establishment.Identity;
        state.State.EstablishedAt = time.GetUtcNow();
        state.State.RequestsServed = 0;
        state.State.AwaitingFirstUse = establishment.AuthenticatesOnFirstUse;
        state.State.LeaseUntilFirstUse = establishment.LeaseUntilFirstUse;
        await SaveAsync(context);
        _context = context;
    }

    public async Task<bool> RevokeUnusedAsync()
    {
        if (state.State.RequestsServed > 0)
        {
            return false;
        }
        await RevokeAsync();
        return true;
    }

    public async Task RevokeAsync()
    {
        _context?.Dispose();
        _context = null;
        _persistedCeiling = null;
        _answered.Clear();
        await state.ClearStateAsync();
        state.State = new SecurityContextGrainState();
    }

    public async Task<byte[]> HandleAsync(byte[] protectedRequest, string site, string pledge)
    {
        var parsed = CoapMessageParser.Parse(protectedRequest);
        if (!parsed.IsSuccess)
        {
            return Encode(InnerResponses.Error(CoapCode.BadRequest, $"malformed CoAP message: {parsed.Error}"));
        }
        var request = parsed.Message;
        // A retransmission of a request already answered gets the same protected bytes, not a replay error.
        byte[]? fingerprint = request.TryGetOption(CoapOptionNumber.Oscore, out var oscoreOption)
            ? AnsweredRequestCache.Fingerprint(oscoreOption.Value.Span, request.Payload.Span)
            : null;
        if (fingerprint is not null && _answered.TryGet(fingerprint, out var earlier))
        {
            // The token is outside OSCORE's protection (RFC 8613 section 5.4): a repeat may carry another one.
            var repeated = CoapMessageParser.Parse(earlier).Message!;
            repeated.Token = request.Token;
            return Encode(repeated);
        }
        var context = Load();
        if (context is null || state.State.Identity is not { } identity)
        {
            return Encode(OscoreError.SecurityContextNotFound.ToResponse(request));
        }
        var verified = context.UnprotectRequest(request);
        if (!verified.IsSuccess)
        {
            LogRejected(logger, this.GetPrimaryKeyString(), verified.Error.Kind);
            Telemetry.EnrollmentTelemetry.OscoreRejected.Add(1, new KeyValuePair<string, object?>("eals.oscore.error", verified.Error.Kind.ToString()));
            return Encode(verified.Error.ToResponse(request));
        }
        var inner = verified.Value.Message;
        CoapMessage response;
        try
        {
            // An access token's or a pre-shared key's context: its first verified request proves the pledge holds
            // the key (saved below with the window); a pledge its site cannot take yet is told when to come back.
            // A pre-shared key imported by a release before AuthenticatesOnFirstUse made its context without the flag;
            // such a context that has served nothing yet gets it now (saved below with the window), so it still
            // waits for its first use even if that first request is only told to come back later.
            if (identity.Kind == PledgeCredentialKind.PreSharedKey && state.State.RequestsServed == 0)
            {
                state.State.AwaitingFirstUse = true;
            }
            response = state.State.AwaitingFirstUse && await FirstUseAsync(identity, context, site, pledge) is { } notYet
                ? notYet
                : await enrollment.HandleAsync(identity, inner);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogServiceFailed(logger, exception, this.GetPrimaryKeyString(), inner.GetPath());
            response = InnerResponses.Error(CoapCode.InternalServerError, "enrollment failed; try again");
        }
        response.Token = request.Token;
        var protectedResponse = await context.ProtectResponseAsync(response, verified.Value.Binding);
        SensitiveResponses.WipeAfterProtection(response, protectedResponse.IsSuccess ? protectedResponse.Value.Plaintext : null);
        if (!protectedResponse.IsSuccess)
        {
            return Encode(protectedResponse.Error.ToResponse(request));
        }
        state.State.RequestsServed++;
        await SaveAsync(context);
        byte[] answer = Encode(protectedResponse.Value.Message);
        if (fingerprint is not null)
        {
            _answered.Add(fingerprint, answer);
        }
        return answer;
    }

    /// <summary>
    /// The pledge's first verified request: it takes its pacing slot (ACE's from /authz-info, or one asked of its
    /// site now) and counts as authenticated; returns the protected 5.03 to answer when the site cannot take it yet.
    /// </summary>
    private async Task<CoapMessage?> FirstUseAsync(PledgeIdentity identity, OscoreSecurityContext context, string site, string pledge)
    {
        var lease = state.State.LeaseUntilFirstUse;
        if (lease is null)
        {
            var admission = await GrainFactory.GetGrain<Pacing.ISitePacerGrain>(site).AdmitAsync(pledge);
            if (admission.Lease is null)
            {
                return InnerResponses.Error(CoapCode.ServiceUnavailable, admission.WaitDiagnostic).SetUInt(CoapOptionNumber.MaxAge, admission.RetryAfterSeconds);
            }
            lease = admission.Lease;
        }
        // ACE's enrollment began at /authz-info, when the context was made; a pre-shared key's now (its context
        // was made at import, maybe long before).
        var startedAt = identity.Kind == PledgeCredentialKind.PreSharedKey ? time.GetUtcNow() : state.State.EstablishedAt;
        await GrainFactory.GetGrain<IPledgeGrain>(identity.Serial).AuthenticatedAsync(identity, this.GetPrimaryKeyString(), lease, null, startedAt);
        if (identity.Kind == PledgeCredentialKind.PreSharedKey && context.IdContext is { } idContext)
        {
            await GrainFactory.GetGrain<IPskGrain>(Convert.ToHexStringLower(idContext)).FirstUsedAsync();
        }
        state.State.AwaitingFirstUse = false;
        state.State.LeaseUntilFirstUse = null;
        return null;
    }

    // Appendix B.1.1: the ceiling is durable before any number below it is used.
    async ValueTask IOscoreSequenceNumberStore.PersistCeilingAsync(ulong ceiling, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("no context to persist");
        var exported = context.Export() with { SenderSequenceCeiling = ceiling };
        state.State.SealedContext = sealer.Seal(exported.ToBytes(), SealPurpose);
        await state.WriteStateAsync(cancellationToken);
        _persistedCeiling = ceiling;
    }

    private OscoreSecurityContext? Load()
    {
        if (_context is not null)
        {
            return _context;
        }
        if (state.State.SealedContext.Length == 0 || sealer.Unseal(state.State.SealedContext, SealPurpose) is not { } bytes
            || !OscoreContextState.TryFromBytes(bytes, out var exported))
        {
            return null;
        }
        // The window is written before every response, so the stored one is never behind an accepted request.
        _persistedCeiling = exported.SenderSequenceCeiling;
        _context = OscoreSecurityContext.Restore(exported, this, SystemRandomSource.Instance, replayWindowTrusted: true, encryptionObserver);
        return _context;
    }

    private async Task SaveAsync(OscoreSecurityContext context)
    {
        _context = context;
        var exported = context.Export();
        state.State.SealedContext = sealer.Seal(exported.ToBytes(), SealPurpose);
        await state.WriteStateAsync();
        _persistedCeiling = exported.SenderSequenceCeiling;
    }

    private static byte[] Encode(CoapMessage message) => CoapMessageSerializer.Serialize(message);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _context?.Dispose();
        _context = null;
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OSCORE context {Kid} rejected a request: {Kind}")]
    private static partial void LogRejected(ILogger logger, string kid, OscoreErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "OSCORE context {Kid}: serving /{Path} failed")]
    private static partial void LogServiceFailed(ILogger logger, Exception exception, string kid, string path);
}
