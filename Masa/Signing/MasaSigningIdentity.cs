using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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

    private MasaSigningIdentity(X509Certificate2 manufacturerCa, X509Certificate2 certificate, ECDsa key, string certificatePath)
    {
        ManufacturerCa = manufacturerCa;
        Certificate = certificate;
        Key = key;
        CertificatePath = certificatePath;
        ManufacturerKeyIdentifier = manufacturerCa.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? throw new PkiException(PkiError.Malformed, "The manufacturer CA certificate has no subject key identifier; pledges' idevid-issuer could not be matched.");
    }

    /// <summary>The manufacturer CA (public part only: the MASA never issues IDevIDs).</summary>
    public X509Certificate2 ManufacturerCa { get; }

    /// <summary>The manufacturer CA's subject key identifier: what a pledge's IDevID carries as AKI, the voucher's idevid-issuer.</summary>
    public byte[] ManufacturerKeyIdentifier { get; }

    public X509Certificate2 Certificate { get; }

    public ECDsa Key { get; }

    public string CertificatePath { get; }

    public static MasaSigningIdentity Open(string dataFolder, DateTimeOffset now, IRandomSource random)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        ArgumentNullException.ThrowIfNull(random);
        var paths = PkiPaths.UnderDataFolder(dataFolder);
        using var pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(dataFolder), now, random);
        var folder = Path.GetDirectoryName(paths.ManufacturerCaCertificate)!;
        var certificatePath = Path.Combine(folder, CertificateFileName);
        var keyPath = Path.Combine(folder, KeyFileName);
        var manufacturerCa = X509CertificateLoader.LoadCertificate(pki.ManufacturerCa.Certificate.RawData);
        try
        {
            var (certificate, key) = File.Exists(certificatePath) || File.Exists(keyPath)
                ? Load(certificatePath, keyPath, pki.ManufacturerCa)
                : Create(certificatePath, keyPath, pki.ManufacturerCa, now, random);
            return new MasaSigningIdentity(manufacturerCa, certificate, key, certificatePath);
        }
        catch
        {
            manufacturerCa.Dispose();
            throw;
        }
    }

    public override string ToString() => $"MasaSigningIdentity({Certificate.Subject}, serial {Certificate.SerialNumber})";

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
        ManufacturerCa.Dispose();
    }

    private static (X509Certificate2, ECDsa) Create(string certificatePath, string keyPath, CertificateAuthority manufacturer, DateTimeOffset now, IRandomSource random)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
            X509Extension[] extensions =
            [
                new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
                new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
            ];
            var issued = manufacturer.IssueEndEntity(
                DistinguishedNames.CommonNameOnly(SubjectName),
                publicKey,
                extensions,
                now - CertificateAuthority.DefaultBackdate,
                now + CertificateLifetime,
                random);
            // Key first: a crash in between leaves a key without certificate, refused by Load, never a usable half.
            OwnerOnlyFiles.CreateNew(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()), OwnerOnlyFiles.Secret);
            OwnerOnlyFiles.CreateNew(certificatePath, Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", issued.Der)), OwnerOnlyFiles.Public);
            return (X509CertificateLoader.LoadCertificate(issued.Der), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static (X509Certificate2, ECDsa) Load(string certificatePath, string keyPath, CertificateAuthority manufacturer)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            throw new PkiException(PkiError.StoreIncomplete, $"Expected both {certificatePath} and {keyPath}; found only one. Restore the other or delete both to have a new MASA credential issued.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException(PkiError.Malformed, $"{certificatePath} does not hold a well-formed PEM certificate.");
        }

        var key = ECDsa.Create();
        try
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(keyPath));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // No inner exception: nothing derived from the key file's content leaves this method.
                throw new PkiException(PkiError.Malformed, $"{keyPath} does not hold a PKCS#8 EC private key.");
            }

            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new PkiException(PkiError.KeyDoesNotMatchCertificate, $"The key in {keyPath} does not belong to the certificate in {certificatePath}.");
            }

            if (!manufacturer.HasIssued(certificate))
            {
                throw new PkiException(PkiError.NotIssuedByThisCa, $"{certificatePath} was not issued by the manufacturer CA; pledges would reject its vouchers. Delete {certificatePath} and {keyPath} to have a new one issued.");
            }

            return (certificate, key);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }
}
