using System.Security.Cryptography;
using Eals.Grains.Oscore;
using Eals.Grains.Pacing;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Grains.Security;
using Eals.Protocol.Ace;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Ace;

/// <summary>
/// The registrar as ACE resource server (RFC 9200 section 5.10.1, RFC 9203 section 4): introspects the pledge's
/// token at the AS, refuses inactive tokens (4.01), another audience or scope (4.03), waits out an unreachable AS
/// (5.03 + Max-Age); then asks the admission policy, as the EDHOC route does, establishes the OSCORE context under a
/// fresh Recipient ID (the pledge counts as authenticated, route "ace", once a request verifies under it) and answers 2.01 with nonce2, its Recipient
/// ID and the Client Token. A refused request changes no stored state; a repeated one gets the same answer.
/// </summary>
public sealed partial class AuthzInfoGrain(
    [PersistentState("authz-info")] IPersistentState<AuthzInfoGrainState> state,
    RegistrarAce ace,
    IAuthorizationServerClient authorizationServer,
    IPledgeAuthorizer authorizer,
    IStateSealer sealer,
    IOptionsMonitor<RegistrarOptions> options,
    TimeProvider time,
    ILogger<AuthzInfoGrain> logger,
    LeaseReleases releases) : Grain, IAuthzInfoGrain
{
    private const int Nonce2Length = 8;

    // Set when the AS did not answer this request: it may have answered, and spent nonce1 on its voucher, all the same.
    private bool _answerMayBeLost;

    private string Key => this.GetPrimaryKeyString();

    private string SealPurpose => $"authz-info/{Key}";

    public async Task<AuthzInfoReply> PostAsync(byte[] body, string site, string origin)
    {
        if (state.State.Answer is { } answered)
        {
            return answered;
        }
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(body)), Key, StringComparison.Ordinal))
        {
            return AuthzInfoReply.Error(AuthzInfoReply.BadRequest, "the request does not belong to this grain");
        }
        AuthzInfoRequest request;
        try
        {
            request = AuthzInfoRequest.Decode(body);
        }
        catch (AceFormatException exception)
        {
            return AuthzInfoReply.Error(AuthzInfoReply.BadRequest, exception.Message);
        }
        // Paced like an EDHOC trigger, before the introspection it costs: not admitted yet is 5.03 + Max-Age.
        // A pledge waiting for an operator keeps its slot, as an EDHOC session does, until decided or the lease runs out.
        var lease = state.State.Lease;
        if (lease is null)
        {
            var admission = await GrainFactory.Reference<ISitePacerGrain>(site).AdmitAsync(origin);
            if (admission.Lease is null)
            {
                return AuthzInfoReply.Error(AuthzInfoReply.ServiceUnavailable, admission.WaitDiagnostic, admission.RetryAfterSeconds);
            }
            lease = admission.Lease;
        }
        bool slotStays = false;
        try
        {
            (var reply, slotStays) = await AdmittedAsync(request, lease);
            return reply;
        }
        finally
        {
            if (!slotStays)
            {
                lease.Release(releases, "not authenticated");
            }
        }
    }

    // Returns whether the slot stays taken: kept here while an operator decides, or handed to the pledge grain
    // (which gives it back when the pledge is enrolled or fails).
    private async Task<(AuthzInfoReply Reply, bool SlotStays)> AdmittedAsync(AuthzInfoRequest request, PacingLease lease)
    {
        var (introspection, sealedAnswer, problem) = await IntrospectAsync(request);
        if (problem is not null)
        {
            return (problem, false);
        }
        if (Refusal(introspection!) is { } refusal)
        {
            LogRefused(logger, Key, refusal.Reason);
            return (AuthzInfoReply.Error(refusal.Code, refusal.Reason), false);
        }
        string serial = introspection!.Subject!;
        var identity = new PledgeIdentity(serial, DistinguishedNames.Device(serial, serial).Name, introspection.Issuer ?? "the authorization server",
            PledgeCredentialKind.AccessToken, Convert.ToHexStringLower(introspection.InputMaterial!.Id));
        var decision = await authorizer.AuthorizeAsync(identity, null);
        if (decision.Outcome == AuthorizationOutcome.Pending)
        {
            // Kept (sealed) so the repeat after Max-Age does not spend another voucher on the same nonce1.
            state.State.SealedIntrospection = sealer.Seal(sealedAnswer!, SealPurpose);
            state.State.Serial = serial;
            state.State.Lease = lease;
            await state.WriteStateAsync();
            return (AuthzInfoReply.Error(AuthzInfoReply.ServiceUnavailable, decision.Reason, (uint)Math.Ceiling(options.CurrentValue.PendingRetryAfter.TotalSeconds)), true);
        }
        if (!decision.Allowed)
        {
            await GrainFactory.Reference<IPledgeGrain>(serial).FailedAsync("authorize", $"not authorised: {decision.Reason}");
            return (await AnswerAsync(AuthzInfoReply.Error(AuthzInfoReply.Forbidden, "enrollment not authorised"), serial), false);
        }
        return (await EstablishAsync(request, introspection, identity, decision.Reason, lease), true);
    }

    private async Task<(IntrospectionResponse? Response, byte[]? Sealed, AuthzInfoReply? Problem)> IntrospectAsync(AuthzInfoRequest request)
    {
        byte[]? sealedAnswer = state.State.SealedIntrospection.Length > 0 ? sealer.Unseal(state.State.SealedIntrospection, SealPurpose) : null;
        if (sealedAnswer is null)
        {
            var result = await authorizationServer.IntrospectAsync(ace.BuildIntrospectionRequest(request.AccessToken, request.Nonce1), CancellationToken.None);
            if (result.Unreachable is { } down)
            {
                _answerMayBeLost = true;
                LogUnreachable(logger, Key, down);
                return (null, null, AuthzInfoReply.Error(AuthzInfoReply.ServiceUnavailable, "the authorization server is unreachable; try again",
                    (uint)Math.Ceiling(options.CurrentValue.PendingRetryAfter.TotalSeconds)));
            }
            if (result.Voucher is null && _answerMayBeLost)
            {
                // The voucher nonce is single-use, so the AS refuses the repeat of an introspection whose answer was lost;
                // a 5.00 tells the pledge to try again, which it does with a new nonce1 (a new request, a new grain).
                _answerMayBeLost = false;
                LogRefused(logger, Key, $"{result.Refusal ?? "no reason given"} (after an answer that did not arrive)");
                return (null, null, AuthzInfoReply.Error(AuthzInfoReply.InternalError,
                    $"the authorization server's answer to this request was lost, and it now refuses it ({result.Refusal}); post the token again with a new nonce1"));
            }
            if (result.Voucher is null)
            {
                LogRefused(logger, Key, result.Refusal ?? "no reason given");
                return (null, null, AuthzInfoReply.Error(AuthzInfoReply.Forbidden, $"the authorization server refused: {result.Refusal}"));
            }
            sealedAnswer = result.Voucher;
        }
        try
        {
            return (ace.OpenAnswer(sealedAnswer), sealedAnswer, null);
        }
        catch (AceFormatException exception)
        {
            LogRefused(logger, Key, $"unreadable introspection answer: {exception.Message}");
            return (null, null, AuthzInfoReply.Error(AuthzInfoReply.InternalError, "the authorization server's answer is unreadable"));
        }
    }

    // RFC 9200 section 5.10.1.1: 4.01 for a token that is not valid, 4.03 for one that does not allow this.
    private (byte Code, string Reason)? Refusal(IntrospectionResponse response)
    {
        if (!response.Active)
        {
            return (AuthzInfoReply.Unauthorized, "the access token is not active (expired, unknown, or not issued by the authorization server)");
        }
        if (response.ExpiresAt is not { } expires || expires <= time.GetUtcNow())
        {
            return (AuthzInfoReply.Unauthorized, "the access token has expired");
        }
        if (!string.Equals(response.Audience, ace.Audience, StringComparison.Ordinal))
        {
            return (AuthzInfoReply.Forbidden, $"the access token is for audience '{response.Audience}', not this registrar ('{ace.Audience}')");
        }
        if (response.Scope is null || !response.Scope.Split(' ').Contains(AceLabels.EnrollmentScope, StringComparer.Ordinal))
        {
            return (AuthzInfoReply.Forbidden, $"the access token's scope '{response.Scope}' does not include {AceLabels.EnrollmentScope}");
        }
        if (response.Subject is null || response.InputMaterial is null || response.ClientToken is null)
        {
            return (AuthzInfoReply.InternalError, "the authorization server gave no key material for this registrar");
        }
        return null;
    }

    // RFC 9203 section 4.3: the context exists before the answer that lets the pledge use it.
    private async Task<AuthzInfoReply> EstablishAsync(AuthzInfoRequest request, IntrospectionResponse introspection, PledgeIdentity identity, string reason, PacingLease lease)
    {
        byte[] nonce2 = RandomNumberGenerator.GetBytes(Nonce2Length);
        byte[] recipientId = AllocateRecipientId(request.ClientRecipientId);
        var parameters = AceOscoreDerivation.ForServer(introspection.InputMaterial!, request.Nonce1, nonce2, request.ClientRecipientId, recipientId);
        string kid = Convert.ToHexStringLower(recipientId);
        // The pledge grain hears of it (and gets the slot) only when a request verifies under the context:
        // a copy of the token replayed by someone else establishes a context nobody can use, and nothing more.
        await GrainFactory.Reference<ISecurityContextGrain>(kid).EstablishAsync(
            new OscoreEstablishment(parameters.MasterSecret.ToArray(), parameters.MasterSalt!, request.ClientRecipientId, recipientId, identity,
                LeaseUntilFirstUse: lease, AuthenticatesOnFirstUse: true));
        LogEstablished(logger, Key, identity.Serial, kid, reason);
        var answer = new AuthzInfoReply(AuthzInfoReply.Created, new AuthzInfoResponse(nonce2, recipientId, introspection.ClientToken!).Encode());
        return await AnswerAsync(answer, identity.Serial);
    }

    private async Task<AuthzInfoReply> AnswerAsync(AuthzInfoReply answer, string serial)
    {
        state.State.Answer = answer;
        state.State.Serial = serial;
        state.State.SealedIntrospection = [];
        state.State.Lease = null;
        await state.WriteStateAsync();
        return answer;
    }

    // EDHOC's identifiers are ConnectionIdLength bytes; these are of another length, so the two never collide.
    private byte[] AllocateRecipientId(byte[] clientRecipientId)
    {
        int length = options.CurrentValue.ConnectionIdLength == Protocol.Oscore.OscoreAlgorithm.MaxIdLength ? Protocol.Oscore.OscoreAlgorithm.MaxIdLength - 1 : Protocol.Oscore.OscoreAlgorithm.MaxIdLength;
        byte[] id;
        do
        {
            id = RandomNumberGenerator.GetBytes(length);
        }
        while (id.AsSpan().SequenceEqual(clientRecipientId));
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "authz-info {Request}: OSCORE context {Kid} for pledge {Serial} established from its access token ({Reason})")]
    private static partial void LogEstablished(ILogger logger, string request, string serial, string kid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "authz-info {Request} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string request, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "authz-info {Request}: the authorization server is unreachable: {Detail}")]
    private static partial void LogUnreachable(ILogger logger, string request, string detail);
}
