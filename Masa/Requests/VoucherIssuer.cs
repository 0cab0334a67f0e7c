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
/// under the store's write lock rejects replays (a nonce per serial is single-use), applies the claim policy, signs
/// the voucher and records owner, nonce (with the voucher), digest and audit entry in one commit. The same request
/// repeated (same pledge, nonce, registrar, domain and pledge request: its first answer was lost) gets the voucher issued for it,
/// never a second one; any other request with that nonce is refused. A refusal changes nothing but the audit log.
/// Claims that arrive together share the store's commit (<see cref="MasaStore.ClaimAsync{T}"/>).
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

    /// <summary>A registrar voucher request's body may be at most this long (a few KiB in practice: two certificates and a pledge request).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>
    /// The COSE_Sign1 voucher for <paramref name="body"/>; throws <see cref="MasaRefusal"/> after auditing it. The one
    /// entry for a registrar voucher request, whatever carried it: the HTTP endpoint, or a registrar in this process.
    /// </summary>
    public async Task<byte[]> IssueAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var facts = new RequestFacts();
        try
        {
            if (body.Length > MaxRequestBytes)
            {
                throw TooLarge();
            }

            var request = _reader.Read(body.Span, now, facts);
            return await ClaimAsync(request, now, answersRepeat: true, cancellationToken).ConfigureAwait(false);
        }
        catch (MasaRefusal refusal)
        {
            await RefusedAsync(refusal, facts, now).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The voucher for a request another exchange already authenticated (an ACE introspection request: the
    /// registrar signed it, nonce1 is the nonce); ownership and replay are decided and audited as for a voucher request,
    /// except that a nonce1 used before is refused even to the same registrar (its answer carries key material; the
    /// pledge starts over with a new nonce1).
    /// </summary>
    public async Task<byte[]> IssueForAsync(ValidatedVoucherRequest request, RequestFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        try
        {
            return await ClaimAsync(request, now, answersRepeat: false, cancellationToken).ConfigureAwait(false);
        }
        catch (MasaRefusal refusal)
        {
            await RefusedAsync(refusal, facts, now).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Audits a request refused before it was read (wrong content type, too large).</summary>
    public async Task RefusedAsync(MasaRefusal refusal, RequestFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(facts);
        await _store.AppendAuditAsync(now, facts.RegistrarSubject, facts.DomainFingerprint, facts.SerialNumber, AuditEntry.Refused, refusal.Status, $"{refusal.Title}: {refusal.Detail}").ConfigureAwait(false);
        LogRefused(_logger, refusal.Status, refusal.Title, facts.SerialNumber ?? "(unknown)", facts.RegistrarSubject ?? "(unknown)", refusal.Detail);
    }

    /// <summary>The refusal of a body longer than <see cref="MaxRequestBytes"/> (413).</summary>
    public static MasaRefusal TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A voucher request may be at most {MaxRequestBytes} bytes.");

    // The voucher is signed before the claim is queued, so that the store's writer does no signing; it is kept
    // only when the claim is accepted (a repeat gets the one issued before, a refusal none).
    private async Task<byte[]> ClaimAsync(ValidatedVoucherRequest request, DateTimeOffset now, bool answersRepeat, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var signed = Sign(request, now);
        var (voucher, repeated, reason) = await _store.ClaimAsync(claim => Decide(claim, request, now, signed, answersRepeat)).ConfigureAwait(false);
        if (repeated)
        {
            LogRepeated(_logger, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject);
        }
        else
        {
            LogIssued(_logger, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject, reason);
        }

        return voucher;
    }

    // On the store's writer, inside the claim's savepoint: a refusal thrown here rolls back this claim alone.
    private (byte[] Voucher, bool Repeated, string Reason) Decide(ClaimTransaction claim, ValidatedVoucherRequest request, DateTimeOffset now, byte[] signed, bool answersRepeat)
    {
        var answered = claim.FindAnsweredNonce(request.SerialNumber, request.Nonce);
        if (answered is not null && !(answersRepeat && answered.IsRepeatBy(request.RegistrarSubject, request.DomainFingerprint, request.PledgeRequestDigest)))
        {
            throw new MasaRefusal(StatusCodes.Status409Conflict, "Replayed nonce", "A voucher with this nonce was already issued for this pledge; the pledge's nonce is single-use.");
        }

        if (answered is null && claim.HasSeenRequest(request.RequestDigest))
        {
            throw new MasaRefusal(StatusCodes.Status409Conflict, "Replayed request", "This exact voucher request was answered before.");
        }

        var decision = _policy.Decide(request.SerialNumber, request.DomainFingerprint, claim.FindOwner(request.SerialNumber));
        if (!decision.Allowed)
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Ownership refused", $"{decision.Reason}.");
        }

        if (answered?.Voucher is { } issuedBefore)
        {
            // The same registrar asking again for the same pledge and nonce (its answer was lost, say in a crash):
            // the voucher issued for that nonce, never a second one; still only while the policy allows the claim.
            claim.RecordAudit(now, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject, StatusCodes.Status200OK, $"{decision.Reason}; repeated request, the voucher issued for this nonce again");
            return (issuedBefore, true, decision.Reason);
        }

        claim.RecordAccepted(now, request.SerialNumber, request.DomainFingerprint, request.RegistrarSubject, request.Nonce, request.RequestDigest, request.PledgeRequestDigest, signed, StatusCodes.Status200OK, decision.Reason);
        return (signed, false, decision.Reason);
    }

    private byte[] Sign(ValidatedVoucherRequest request, DateTimeOffset now)
    {
        var voucher = new Voucher(
            VoucherAssertion.Logged,
            request.SerialNumber,
            now,
            IdevidIssuer: _identity.ManufacturerKeyIdentifier,
            PinnedDomainCert: request.DomainCaCertificate,
            Nonce: request.Nonce,
            ExpiresOn: now + _lifetime);
        var signer = new CoseSigner(_identity.Key, null, [_identity.Certificate.RawData]);
        return CoseSign1.Sign(VoucherCbor.Encode(voucher), signer);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Voucher issued for {SerialNumber} to domain {DomainFingerprint} via {Registrar}: {Reason}")]
    private static partial void LogIssued(ILogger logger, string serialNumber, string domainFingerprint, string registrar, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voucher for {SerialNumber} to domain {DomainFingerprint} sent again to {Registrar}: it repeated the request it was issued for")]
    private static partial void LogRepeated(ILogger logger, string serialNumber, string domainFingerprint, string registrar);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voucher request refused ({Status} {Title}) for {SerialNumber} via {Registrar}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string title, string serialNumber, string registrar, string detail);
}
