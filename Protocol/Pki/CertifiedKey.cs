using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>A certificate and its P-256 private key (a CA, the registrar's credential, an IDevID).</summary>
public sealed class CertifiedKey : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate;

    public CertifiedKey(X509Certificate2 certificate, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        CertificateDer = certificate.RawData;
        _certificate = new Lazy<X509Certificate2>(certificate);
        PrivateKey = privateKey;
    }

    /// <summary>
    /// From DER; the X509Certificate2 is loaded only if asked for (loading is the dominant cost of minting
    /// on OpenSSL 3.0, and the fleet simulator needs only DER and key).
    /// </summary>
    public CertifiedKey(byte[] certificateDer, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(privateKey);
        CertificateDer = certificateDer;
        _certificate = new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadCertificate(certificateDer));
        PrivateKey = privateKey;
    }

    public byte[] CertificateDer { get; }

    public X509Certificate2 Certificate => _certificate.Value;

    public ECDsa PrivateKey { get; }

    /// <summary>The certificate in PEM, for files and tooling.</summary>
    public string CertificatePem() => PemEncoding.WriteString("CERTIFICATE", CertificateDer);

    /// <summary>The private key as PKCS#8 PEM (RFC 5958), the format of the key files and of content format 284.</summary>
    public string PrivateKeyPkcs8Pem() => PrivateKey.ExportPkcs8PrivateKeyPem();

    /// <summary>The private key as PKCS#8 DER.</summary>
    public byte[] PrivateKeyPkcs8() => PrivateKey.ExportPkcs8PrivateKey();

    // Never the key: this string ends up in logs.
    public override string ToString() => $"CertifiedKey({Certificate.Subject}, serial {Certificate.SerialNumber})";

    public void Dispose()
    {
        PrivateKey.Dispose();
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
