using Eals.Grains.Edhoc;
using System.Globalization;
using Eals.Grains.Enrollment;
using Eals.Grains.Pacing;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Protocol.Cmc;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Cmc;

/// <summary>
/// One pledge's full CMC enrollment after its request was authenticated. A signingTime outside the
/// window or a senderNonce already answered is refused and changes nothing (the nonce is remembered as
/// long as the window would accept its request, RFC 5272 section 6.6). Then the same admission policy as
/// EDHOC (allow-list, groups, operator; pending is 5.03 + Max-Age), the same pledge grain transitions and
/// the shared issuance step; every decision is answered with a Full PKI Response signed by the registrar.
/// </summary>
public sealed partial class CmcPledgeGrain(
    [PersistentState("cmc")] IPersistentState<CmcPledgeGrainState> state,
    IGrainFactory grains,
    RegistrarCredentials credentials,
    IPledgeAuthorizer authorizer,
    IOptionsMonitor<CmcOptions> cmcOptions,
    IOptionsMonitor<RegistrarOptions> registrarOptions,
    IOptionsMonitor<EnrollmentOptions> enrollmentOptions,
    TimeProvider time,
    ILogger<CmcPledgeGrain> logger,
    Storage.IGrainStateLookup? lookup = null) : Grain, ICmcPledgeGrain
{
    private readonly CertificateIssuance _issuance = new(grains, credentials, enrollmentOptions, time, logger, lookup);

    private string Serial => this.GetPrimaryKeyString();

    public async Task<EdhocReply> EnrollAsync(CmcAuthenticatedRequest authenticated)
    {
        ArgumentNullException.ThrowIfNull(authenticated);
        var request = FullPkiRequest.DecodePkiData(authenticated.PkiData);
        var identity = authenticated.Identity;
        var now = time.GetUtcNow();
        var window = cmcOptions.CurrentValue.SigningTimeWindow;
        if ((now - authenticated.SigningTime).Duration() > window)
        {
            return Refuse(request, EdhocReply.Forbidden, CmcFailInfo.BadTime,
                $"the signingTime {authenticated.SigningTime:u} is more than {window.TotalSeconds:F0} s from the registrar's clock");
        }
        string nonce = Convert.ToHexStringLower(request.SenderNonce);
        if (state.State.SeenNonces.TryGetValue(nonce, out var until) && until >= now)
        {
            LogReplay(logger, Serial);
            return Refuse(request, EdhocReply.Forbidden, CmcFailInfo.BadRequest, "replayed request: this senderNonce was already answered");
        }

        var pledge = grains.Reference<IPledgeGrain>(Serial);
        var decision = await authorizer.AuthorizeAsync(identity, null);
        if (decision.Outcome == AuthorizationOutcome.Pending)
        {
            // Nothing is remembered: the same request may come back after Max-Age, while its signingTime is in the window.
            return EdhocReply.Diagnostic(EdhocReply.ServiceUnavailable, decision.Reason, (uint)registrarOptions.CurrentValue.PendingRetryAfter.TotalSeconds);
        }
        if (!decision.Allowed)
        {
            await RememberAsync(nonce, authenticated.SigningTime + window, now);
            await pledge.FailedAsync("cmc", decision.Reason);
            return Refuse(request, EdhocReply.Forbidden, CmcFailInfo.BadIdentity, $"not admitted: {decision.Reason}");
        }

        // Paced like an EDHOC trigger: not admitted yet is 5.03 + Max-Age and nothing is remembered, so the same
        // request may come back; the slot goes to the pledge grain, which gives it back when issued or refused.
        var admission = await grains.Reference<ISitePacerGrain>(authenticated.Site).AdmitAsync(authenticated.Origin);
        if (!admission.Admitted)
        {
            return EdhocReply.Diagnostic(EdhocReply.ServiceUnavailable, admission.WaitDiagnostic, admission.RetryAfterSeconds);
        }
        await RememberAsync(nonce, authenticated.SigningTime + window, now);
        await pledge.AuthenticatedAsync(identity, $"cmc-{request.TransactionId.ToString("x", CultureInfo.InvariantCulture)}", admission.Lease, startedAt: time.GetUtcNow());
        var current = (await pledge.GetAsync()).Certificate;
        var outcome = await _issuance.IssueAsync(new PledgeGrainRecord(pledge), identity, request.CertificationRequest, reEnrollment: false, current);
        if (outcome.Refusal is { } refusal)
        {
            return refusal.Error switch
            {
                PkiError.IdentityMismatch => Refuse(request, EdhocReply.Forbidden, CmcFailInfo.BadIdentity, "the PKCS#10 names another identity than the signer's"),
                PkiError.BadSignature => Refuse(request, EdhocReply.BadRequest, CmcFailInfo.PopFailed, $"CSR refused: {refusal.Message}"),
                _ => Refuse(request, EdhocReply.BadRequest, CmcFailInfo.BadRequest, $"CSR refused: {refusal.Message}"),
            };
        }
        var response = FullPkiResponse.For(request, CmcStatus.Success, SystemRandomSource.Instance);
        return new EdhocReply(EdhocReply.Changed, Sign(response, [outcome.Certificate!, credentials.DomainCa.Certificate.RawData]), CoapContentFormat.Pkcs7CmcResponse);
    }

    // A refusal to a pledge whose request was authenticated is a signed Full PKI Response with status
    // failed, its CMCFailInfo and the reason, sent with a 4.xx code.
    private EdhocReply Refuse(FullPkiRequest request, byte code, CmcFailInfo failInfo, string reason)
    {
        var response = FullPkiResponse.For(request, CmcStatus.Failed, SystemRandomSource.Instance, failInfo, reason);
        // Only the registrar's certificate goes along: the pledge holds the domain CA, and a short answer fits one block.
        return new EdhocReply(code, Sign(response, []), CoapContentFormat.Pkcs7CmcResponse);
    }

    private byte[] Sign(FullPkiResponse response, IEnumerable<byte[]> certificates) =>
        response.Sign(credentials.RegistrarCertificate, credentials.RegistrarKey, certificates, time.GetUtcNow());

    // Nonces whose window has passed are dropped: the signingTime check refuses their requests anyway.
    private async Task RememberAsync(string nonce, DateTimeOffset until, DateTimeOffset now)
    {
        var seen = state.State.SeenNonces;
        foreach (string expired in seen.Where(entry => entry.Value < now).Select(entry => entry.Key).ToList())
        {
            seen.Remove(expired);
        }
        seen[nonce] = until;
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pledge {Serial}: a replayed Full PKI Request was refused")]
    private static partial void LogReplay(ILogger logger, string serial);
}
