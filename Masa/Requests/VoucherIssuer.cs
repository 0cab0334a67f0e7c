using Eals.Masa.Options;
using Eals.Masa.Policy;
using Eals.Masa.Signing;
using Eals.Masa.Storage;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Masa.Requests;

/// <summary>
/// Turns a registrar voucher request into a MASA-signed voucher, or a refusal: reads and checks the request, then
/// under the store's write lock rejects replays (a nonce per serial is single-use, and so is a byte-identical
/// request), applies the claim policy, signs the voucher and records owner, nonce, digest and audit entry in one
/// commit. A refusal changes nothing but the audit log.
/// </summary>
public sealed partial class VoucherIssuer
{
    private readonly VoucherRequestReader _reader;
    private readonly MasaStore _store;
    private readonly IClaimPolicy _policy;
    private readonly MasaSigningIdentity _identity;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ILogger<VoucherIssuer> _logger;

    public VoucherIssuer(VoucherRequestReader reader, MasaStore store, IClaimPolicy policy, MasaSigningIdentity identity, TimeProvider time, IOptions<MasaOptions> options, ILogger<VoucherIssuer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reader = reader;
        _store = store;
        _policy = policy;
        _identity = identity;
        _time = time;
        _lifetime = options.Value.VoucherLifetime;
        _logger = logger;
    }

    /// <summary>The COSE_Sign1 voucher for <paramref name="body"/>; throws <see cref="MasaRefusal"/> after auditing it.</summary>
    public byte[] Issue(ReadOnlySpan<byte> body)
    {
        var now = _time.GetUtcNow();
        var facts = new RequestFacts();
        try
        {
            var request = _reader.Read(body, now, facts);
            return Claim(request, now);
        }
        catch (MasaRefusal refusal)
        {
            Refused(refusal, facts, now);
            throw;
        }
    }

    /// <summary>
    /// The voucher for a request another exchange already authenticated (an ACE introspection request: the
    /// registrar signed it, nonce1 is the nonce); ownership and replay are decided and audited as for a voucher request.
    /// </summary>
    public byte[] IssueFor(ValidatedVoucherRequest request, RequestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        try
        {
            return Claim(request, now);
        }
        catch (MasaRefusal refusal)
        {
            Refused(refusal, facts, now);
            throw;
        }
    }

    /// <summary>Audits a request refused before it was read (wrong content type, too large).</summary>
    public void Refused(MasaRefusal refusal, RequestFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(facts);
        _store.AppendAudit(now, facts.RegistrarSubject, facts.DomainFingerprint, facts.SerialNumber, AuditEntry.Refused, refusal.Status, $"{refusal.Title}: {refusal.Detail}");
        LogRefused(_logger, refusal.Status, refusal.Title, facts.SerialNumber ?? "(unknown)", facts.RegistrarSubject ?? "(unknown)", refusal.Detail);
    }

    private byte[] Claim(ValidatedVoucherRequest request, DateTimeOffset now)
    {
        using var claim = _store.BeginClaim();
        if (claim.HasSeenRequest(request.RequestDigest))
        {
            throw new MasaRefusal(StatusCodes.Status409Conflict, "Replayed request", "This exact voucher request was answered before.");
        }

        if (claim.HasUsedNonce(request.SerialNumber, request.Nonce))
        {
            throw new MasaRefusal(StatusCodes.Status409Conflict, "Replayed nonce", "A voucher with this nonce was already issued for this pledge; the pledge's nonce is single-use.");
        }

        var decision = _policy.Decide(request.SerialNumber, request.DomainFingerprint, claim.FindOwner(request.SerialNumber));
        if (!decision.Allowed)
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Ownership refused", $"{decision.Reason}.");
        }

        var voucher = new Voucher(
            VoucherAssertion.Logged,
            request.SerialNumber,
            now,
            IdevidIssuer: _identity.ManufacturerKeyIdentifier,
            PinnedDomainCert: request.DomainCaCertificate,
            Nonce: request.Nonce,
            ExpiresOn: now + _lifetime);
        var signer = new CoseSigner(_identity.Key, null, [_identity.Certificate.RawData]);
        var signed = CoseSign1.Sign(VoucherCbor.Encode(voucher), signer);
        claim.RecordAccepted(now, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject, request.Nonce, request.RequestDigest, StatusCodes.Status200OK, decision.Reason);
        claim.Commit();
        LogIssued(_logger, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject, decision.Reason);
        return signed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Voucher issued for {SerialNumber} to domain {DomainFingerprint} via {Registrar}: {Reason}")]
    private static partial void LogIssued(ILogger logger, string serialNumber, string domainFingerprint, string registrar, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voucher request refused ({Status} {Title}) for {SerialNumber} via {Registrar}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string title, string serialNumber, string registrar, string detail);
}
