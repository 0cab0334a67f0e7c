using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Approvals;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Grains.Vouchers;

/// <summary>
/// The registrar's voucher work (RFC 8995 sections 5.2-5.6 in the constrained form): wraps the pledge's
/// voucher-request data in a registrar voucher request signed with the registrar's key (x5chain: its
/// certificate, then the domain CA the MASA is to pin), and checks the voucher that comes back before it
/// is passed on: MASA signature under a manufacturer anchor, serial, nonce, and that it pins our domain CA.
/// </summary>
public sealed class RegistrarVouchers(RegistrarCredentials credentials)
{
    public byte[] BuildRequest(PledgeIdentity identity, VoucherRequest pledgeRequest, byte[] pledgeRequestBytes, DateTimeOffset now)
    {
        var request = new VoucherRequest(
            identity.Serial,
            VoucherAssertion.Proximity,
            pledgeRequest.IdevidIssuer,
            pledgeRequest.Nonce,
            now,
            PriorSignedVoucherRequest: pledgeRequestBytes);
        var signer = new CoseSigner(credentials.RegistrarKey, null, [credentials.RegistrarCertificate.RawData, credentials.DomainCa.Certificate.RawData]);
        return CoseSign1.Sign(VoucherCbor.Encode(request), signer);
    }

    /// <summary>The voucher and what an operator sees of it; throws <see cref="VoucherException"/> when it must not be used.</summary>
    public (Voucher Voucher, VoucherSummary Summary) Validate(byte[] signedVoucher, PledgeIdentity identity, byte[]? nonce, DateTimeOffset now)
    {
        VoucherException? last = null;
        foreach (var anchor in credentials.ManufacturerAnchors)
        {
            try
            {
                var voucher = VoucherValidator.Validate(signedVoucher, anchor, identity.Serial, nonce, now);
                if (!(voucher.PinnedDomainCert ?? []).AsSpan().SequenceEqual(credentials.DomainCaDer))
                {
                    using var pinned = VoucherValidator.PinnedDomainCertificate(voucher);
                    throw new VoucherException(VoucherError.PinnedDomainUnparsable, $"the voucher pins {pinned.Subject}, not this domain's CA");
                }
                var signer = CoseSign1.ReadUnverified(signedVoucher).X5Chain is [var first, ..] ? SubjectOf(first) : anchor.Subject;
                var summary = new VoucherSummary(voucher.SerialNumber, identity.Issuer, signer,
                    Convert.ToHexStringLower(voucher.Nonce ?? []), voucher.ExpiresOn, identity.Subject, voucher.Assertion.ToString().ToLowerInvariant());
                return (voucher, summary);
            }
            catch (VoucherException exception) when (exception.Error is VoucherError.UntrustedSigner or VoucherError.BadSignature)
            {
                last = exception; // maybe another manufacturer's MASA
            }
        }
        throw last ?? new VoucherException(VoucherError.UntrustedSigner, "no manufacturer trust anchor is configured");
    }

    // Only asked for the signer of a voucher that verified; bounded.
    private static readonly BoundedCache<string> Subjects = new(1024);

    private static string SubjectOf(byte[] der)
    {
        if (Subjects.TryGet(der, out var subject))
        {
            return subject;
        }
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Subjects.Add(der, certificate.Subject);
        return certificate.Subject;
    }
}
