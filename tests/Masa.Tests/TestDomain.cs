using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Masa.Policy;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Masa.Tests;

/// <summary>An operator's domain: its CA and a registrar credential issued by it, signing voucher requests.</summary>
public sealed class TestDomain : IDisposable
{
    public TestDomain(string name)
    {
        var now = DateTimeOffset.UtcNow;
        Ca = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly($"{name} Domain CA"), now, now.AddYears(5), SystemRandomSource.Instance);
        Registrar = Ca.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly($"{name} Registrar"), now, TimeSpan.FromDays(365), SystemRandomSource.Instance);
    }

    public CertificateAuthority Ca { get; }

    public CertifiedKey Registrar { get; }

    public string Fingerprint => Fingerprints.Of(Ca.Certificate.RawData);

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(16);

    /// <summary>A registrar voucher request: COSE_Sign1 by the registrar, x5chain = [registrar, domain CA] unless given.</summary>
    public byte[] Sign(VoucherRequest request, IReadOnlyList<byte[]>? x5Chain = null) =>
        CoseSign1.Sign(VoucherCbor.Encode(request), new CoseSigner(Registrar.PrivateKey, null, x5Chain ?? [Registrar.CertificateDer, Ca.Certificate.RawData]));

    public byte[] Request(string serial, byte[]? nonce = null, byte[]? idevidIssuer = null, byte[]? prior = null) =>
        Sign(new VoucherRequest(serial, VoucherAssertion.Logged, idevidIssuer, nonce ?? NewNonce(), DateTimeOffset.UtcNow, PriorSignedVoucherRequest: prior));

    public void Dispose()
    {
        Registrar.Dispose();
        Ca.Dispose();
    }
}
