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
    [PersistentState(SecurityContextGrainState.StateName)] IPersistentState<SecurityContextGrainState> state,
    IStateSealer sealer,
    IEnrollmentService enrollment,
    TimeProvider time,
    ILogger<SecurityContextGrain> logger,
    IOscoreEncryptionObserver? encryptionObserver = null) : Grain, ISecurityContextGrain
{
    private OscoreContextHost? _host;

    private OscoreContextHost Host => _host ??= new OscoreContextHost(sealer, $"oscore-context/{this.GetPrimaryKeyString()}",
        () => state.State.SealedContext, sealedContext => state.State.SealedContext = sealedContext, state.WriteStateAsync, encryptionObserver);

    public async Task EstablishAsync(OscoreEstablishment establishment)
    {
        Host.Establish(new OscoreContextParameters(establishment.MasterSecret, establishment.SenderId, establishment.RecipientId, establishment.MasterSalt, establishment.IdContext));
        state.State.Identity = establishment.Identity;
        state.State.EstablishedAt = time.GetUtcNow();
        state.State.RequestsServed = 0;
        state.State.AwaitingFirstUse = establishment.AuthenticatesOnFirstUse;
        state.State.LeaseUntilFirstUse = establishment.LeaseUntilFirstUse;
        await WriteOrForgetAsync();
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
        Host.Forget();
        await state.ClearStateAsync();
        state.State = new SecurityContextGrainState();
    }

    public async Task<ProtectedAnswer> HandleAsync(byte[] protectedRequest, string site, string pledge)
    {
        var parsed = CoapMessageParser.Parse(protectedRequest);
        if (!parsed.IsSuccess)
        {
            return new(Encode(InnerResponses.Error(CoapCode.BadRequest, $"malformed CoAP message: {parsed.Error}")));
        }
        var request = parsed.Message;
        if (Host.TryRepeat(request, out byte[] fingerprint, out byte[] repeated))
        {
            return new(repeated);
        }
        if (state.State.Identity is not { } identity || state.State.SealedContext.Length == 0)
        {
            // A context EDHOC made is owned by its pledge's grain: the session under this identifier names it.
            return await ForwardToOwnerAsync(protectedRequest, site, pledge)
                ?? new(Encode(OscoreError.SecurityContextNotFound.ToResponse(request)));
        }
        var verified = Host.Verify(request);
        if (!verified.IsSuccess)
        {
            LogRejected(logger, this.GetPrimaryKeyString(), verified.Error.Kind);
            Telemetry.EnrollmentTelemetry.OscoreRejected.Add(1, new KeyValuePair<string, object?>("eals.oscore.error", verified.Error.Kind.ToString()));
            return new(Encode(verified.Error.ToResponse(request)));
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
            response = state.State.AwaitingFirstUse && await FirstUseAsync(identity, site, pledge) is { } notYet
                ? notYet
                : await enrollment.HandleAsync(identity, inner, new PledgeGrainRecord(GrainFactory.Reference<IPledgeGrain>(identity.Serial)));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogServiceFailed(logger, exception, this.GetPrimaryKeyString(), inner.GetPath());
            response = InnerResponses.Error(CoapCode.InternalServerError, "enrollment failed; try again");
        }
        response.Token = request.Token;
        var protectedResponse = await Host.ProtectAsync(response, verified.Value.Binding);
        SensitiveResponses.WipeAfterProtection(response, protectedResponse.IsSuccess ? protectedResponse.Value.Plaintext : null);
        if (!protectedResponse.IsSuccess)
        {
            return new(Encode(protectedResponse.Error.ToResponse(request)));
        }
        state.State.RequestsServed++;
        await WriteOrForgetAsync();
        byte[] answer = Encode(protectedResponse.Value.Message);
        Host.Remember(fingerprint, answer);
        return new(answer);
    }

    // Contexts made by EDHOC since the pledge grain owns them: the session under this identifier knows the pledge.
    private async Task<ProtectedAnswer?> ForwardToOwnerAsync(byte[] protectedRequest, string site, string pledge)
    {
        if (await GrainFactory.Reference<Edhoc.IEdhocSessionGrain>(this.GetPrimaryKeyString()).OwnerAsync() is not { } owner)
        {
            return null;
        }
        var answer = await GrainFactory.Reference<IPledgeGrain>(owner).HandleProtectedAsync(protectedRequest, this.GetPrimaryKeyString(), site, pledge);
        return answer.Owner is null ? null : answer;
    }

    /// <summary>
    /// The pledge's first verified request: it takes its pacing slot (ACE's from /authz-info, or one asked of its
    /// site now) and counts as authenticated; returns the protected 5.03 to answer when the site cannot take it yet.
    /// </summary>
    private async Task<CoapMessage?> FirstUseAsync(PledgeIdentity identity, string site, string pledge)
    {
        var lease = state.State.LeaseUntilFirstUse;
        if (lease is null)
        {
            var admission = await GrainFactory.Reference<Pacing.ISitePacerGrain>(site).AdmitAsync(pledge);
            if (admission.Lease is null)
            {
                return InnerResponses.Error(CoapCode.ServiceUnavailable, admission.WaitDiagnostic).SetUInt(CoapOptionNumber.MaxAge, admission.RetryAfterSeconds);
            }
            lease = admission.Lease;
        }
        // ACE's enrollment began at /authz-info, when the context was made; a pre-shared key's now (its context
        // was made at import, maybe long before).
        var startedAt = identity.Kind == PledgeCredentialKind.PreSharedKey ? time.GetUtcNow() : state.State.EstablishedAt;
        await GrainFactory.Reference<IPledgeGrain>(identity.Serial).AuthenticatedAsync(identity, this.GetPrimaryKeyString(), lease, null, startedAt);
        if (identity.Kind == PledgeCredentialKind.PreSharedKey && Host.IdContext is { } idContext)
        {
            await GrainFactory.Reference<IPskGrain>(Convert.ToHexStringLower(idContext)).FirstUsedAsync();
        }
        state.State.AwaitingFirstUse = false;
        state.State.LeaseUntilFirstUse = null;
        return null;
    }

    // A write that fails leaves the live context ahead of the stored one: forget it, the next request loads what is stored.
    private async Task WriteOrForgetAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Host.Forget();
            throw;
        }
    }

    private static byte[] Encode(CoapMessage message) => CoapMessageSerializer.Serialize(message);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _host?.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OSCORE context {Kid} rejected a request: {Kind}")]
    private static partial void LogRejected(ILogger logger, string kid, OscoreErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "OSCORE context {Kid}: serving /{Path} failed")]
    private static partial void LogServiceFailed(ILogger logger, Exception exception, string kid, string path);
}
