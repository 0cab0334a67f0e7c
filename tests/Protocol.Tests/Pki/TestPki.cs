using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>
/// A domain CA and a manufacturer CA created once per test class. "Now" is the real time, because openssl
/// verify judges validity against its own clock.
/// </summary>
public sealed class TestPki : IDisposable
{
    public TestPki()
    {
        Now = DateTimeOffset.UtcNow;
        DomainCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Test Domain CA"), Now, Now.AddYears(5), Random);
        ManufacturerCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Test Manufacturer CA"), Now, new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), Random);
    }

    public DateTimeOffset Now { get; }

    internal SeededRandom Random { get; } = new(20261125);

    public CertificateAuthority DomainCa { get; }

    public CertificateAuthority ManufacturerCa { get; }

    public static ECDsa NewP256Key() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string Pem(byte[] der) => PemEncoding.WriteString("CERTIFICATE", der);

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public void Dispose()
    {
        DomainCa.Dispose();
        ManufacturerCa.Dispose();
    }
}
