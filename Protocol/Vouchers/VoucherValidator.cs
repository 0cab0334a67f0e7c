using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// What a pledge checks before it accepts a voucher (RFC 8995 section 5.6.1; constrained voucher draft,
/// voucher validation): the MASA's signature, that the voucher names this pledge and answers its nonce, that it
/// has not expired, that its assertion is acceptable, and that it pins a usable domain trust anchor.
/// The checks run in that order; the first failure is reported.
/// </summary>
public static class VoucherValidator
{
    /// <summary>
    /// Verifies <paramref name="signedVoucher"/> (a COSE_Sign1) against the MASA trust anchor, then its contents.
    /// A null <paramref name="expectedNonce"/> accepts a nonceless voucher (or any nonce); a null
    /// <paramref name="accepted"/> accepts every assertion. created-on after <paramref name="now"/> is refused as
    /// <see cref="VoucherError.NotYetValid"/>, expires-on before it as <see cref="VoucherError.Expired"/>.
    /// </summary>
    public static Voucher Validate(
        ReadOnlySpan<byte> signedVoucher,
        X509Certificate2 masaTrustAnchor,
        string expectedSerial,
        byte[]? expectedNonce,
        DateTimeOffset now,
        IReadOnlySet<VoucherAssertion>? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(masaTrustAnchor);
        ArgumentNullException.ThrowIfNull(expectedSerial);
        var signed = CoseSign1.VerifyWithAnchor(signedVoucher, masaTrustAnchor, now);
        var voucher = VoucherCbor.DecodeVoucher(signed.Payload);
        if (!string.Equals(voucher.SerialNumber, expectedSerial, StringComparison.Ordinal))
        {
            throw new VoucherException(VoucherError.SerialMismatch, "The voucher is for another pledge serial number.");
        }
        if (expectedNonce is not null && (voucher.Nonce is null || !CryptographicOperations.FixedTimeEquals(voucher.Nonce, expectedNonce)))
        {
            throw new VoucherException(VoucherError.NonceMismatch, voucher.Nonce is null ? "The voucher carries no nonce." : "The voucher's nonce is not the pledge's.");
        }
        if (voucher.CreatedOn > now)
        {
            throw new VoucherException(VoucherError.NotYetValid, "The voucher's created-on lies in the future.");
        }
        if (voucher.ExpiresOn is { } expiresOn && expiresOn < now)
        {
            throw new VoucherException(VoucherError.Expired, "The voucher has expired.");
        }
        if (accepted is not null && !accepted.Contains(voucher.Assertion))
        {
            throw new VoucherException(VoucherError.AssertionNotAccepted, $"The voucher's assertion {voucher.Assertion} is not accepted.");
        }
        if (voucher.PinnedDomainCert is { } pinnedCertificate)
        {
            StrictCertificate.Require(pinnedCertificate, VoucherError.PinnedDomainUnparsable, "pinned-domain-cert");
        }
        else
        {
            using var pinned = PinnedDomainKey(voucher);
        }
        return voucher;
    }

    /// <summary>The pinned-domain-cert as a certificate; throws PinnedDomainMissing when absent, PinnedDomainUnparsable when not DER.</summary>
    public static X509Certificate2 PinnedDomainCertificate(Voucher voucher)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        if (voucher.PinnedDomainCert is null)
        {
            throw new VoucherException(VoucherError.PinnedDomainMissing, "The voucher has no pinned-domain-cert.");
        }
        return StrictCertificate.Load(voucher.PinnedDomainCert, VoucherError.PinnedDomainUnparsable, "pinned-domain-cert");
    }

    /// <summary>
    /// The pinned domain trust anchor's key: from pinned-domain-cert when present, else from pinned-domain-pubk
    /// (a SubjectPublicKeyInfo). Throws PinnedDomainMissing when neither is present, PinnedDomainUnparsable when
    /// the one present does not parse. The caller disposes the result.
    /// </summary>
    public static PinnedDomain PinnedDomainKey(Voucher voucher)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        if (voucher.PinnedDomainCert is not null)
        {
            var certificate = PinnedDomainCertificate(voucher);
            return new PinnedDomain(certificate, certificate.PublicKey);
        }
        if (voucher.PinnedDomainPublicKey is null)
        {
            throw new VoucherException(VoucherError.PinnedDomainMissing, "The voucher pins neither a domain certificate nor a domain public key.");
        }
        try
        {
            var key = PublicKey.CreateFromSubjectPublicKeyInfo(voucher.PinnedDomainPublicKey, out int read);
            return read == voucher.PinnedDomainPublicKey.Length
                ? new PinnedDomain(null, key)
                : throw new VoucherException(VoucherError.PinnedDomainUnparsable, "Bytes follow the pinned-domain-pubk SubjectPublicKeyInfo.");
        }
        catch (CryptographicException e)
        {
            throw new VoucherException(VoucherError.PinnedDomainUnparsable, "The pinned-domain-pubk is not a DER SubjectPublicKeyInfo.", e);
        }
    }
}
