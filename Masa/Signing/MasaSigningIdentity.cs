using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Masa.Signing;

/// <summary>
/// The MASA's signing credential and what it knows of its manufacturer. The manufacturer CA comes from the data
/// folder through <see cref="PkiDirectory"/> (the same layout as the silo's, created there on first use); the MASA
/// key (<c>manufacturer/masa.key</c>, 0600) and certificate (<c>manufacturer/masa.pem</c>, issued by the manufacturer
/// CA, so pledges holding that CA as trust anchor accept it) are created on first run and checked on every later one.
/// </summary>
public sealed class MasaSigningIdentity : IDisposable
{
    public const string CertificateFileName = "masa.pem";
    public const string KeyFileName = "masa.key";
    public const string SubjectName = "EALS Demo MASA";
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(10 * 365);

    private readonly CertifiedKey _credential;

    private MasaSigningIdentity(X509Certificate2 manufacturerCa, CertifiedKey credential, string certificatePath)
    {
        ManufacturerCa = manufacturerCa;
        _credential = credential;
        CertificatePath = certificatePath;
        ManufacturerKeyIdentifier = manufacturerCa.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? throw new PkiException(PkiError.Malformed, "The manufacturer CA certificate has no subject key identifier; pledges' idevid-issuer could not be matched.");
    }

    /// <summary>The manufacturer CA (public part only: the MASA never issues IDevIDs).</summary>
    public X509Certificate2 ManufacturerCa { get; }

    /// <summary>The manufacturer CA's subject key identifier: what a pledge's IDevID carries as AKI, the voucher's idevid-issuer.</summary>
    public byte[] ManufacturerKeyIdentifier { get; }

    public X509Certificate2 Certificate => _credential.Certificate;

    public ECDsa Key => _credential.PrivateKey;

    public string CertificatePath { get; }

    public static MasaSigningIdentity Open(string dataFolder, DateTimeOffset now, IRandomSource random)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        ArgumentNullException.ThrowIfNull(random);
        var options = PkiDirectoryOptions.UnderDataFolder(dataFolder);
        using var pki = PkiDirectory.Open(options, now, random);
        var folder = Path.GetDirectoryName(options.Paths.ManufacturerCaCertificate)!;
        var certificatePath = Path.Combine(folder, CertificateFileName);
        var credential = PkiDirectory.LoadOrCreateIssued(
            options,
            pki.ManufacturerCa,
            certificatePath,
            Path.Combine(folder, KeyFileName),
            () => Issue(pki.ManufacturerCa, now, random));
        try
        {
            return new MasaSigningIdentity(X509CertificateLoader.LoadCertificate(pki.ManufacturerCa.Certificate.RawData), credential, certificatePath);
        }
        catch
        {
            credential.Dispose();
            throw;
        }
    }

    public override string ToString() => $"MasaSigningIdentity({Certificate.Subject}, serial {Certificate.SerialNumber})";

    public void Dispose()
    {
        _credential.Dispose();
        ManufacturerCa.Dispose();
    }

    /// <summary>A P-256 key and an end-entity certificate for it (digitalSignature only: it signs vouchers, nothing else).</summary>
    private static CertifiedKey Issue(CertificateAuthority manufacturer, DateTimeOffset now, IRandomSource random)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            X509Extension[] extensions =
            [
                new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
                new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
            ];
            var issued = manufacturer.IssueEndEntity(
                DistinguishedNames.CommonNameOnly(SubjectName),
                PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _),
                extensions,
                now - CertificateAuthority.DefaultBackdate,
                now + CertificateLifetime,
                random);
            return new CertifiedKey(issued.Der, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
