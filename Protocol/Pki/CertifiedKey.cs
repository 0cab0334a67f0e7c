using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>A certificate and its P-256 private key (a CA, the registrar's credential, an IDevID).</summary>
public sealed class CertifiedKey : IDisposable
{
    public CertifiedKey(X509Certificate2 certificate, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    public X509Certificate2 Certificate { get; }

    public ECDsa PrivateKey { get; }

    /// <summary>The certificate in PEM, for files and tooling.</summary>
    public string CertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>The private key as PKCS#8 PEM (RFC 5958), the format of the key files and of content format 284.</summary>
    public string PrivateKeyPkcs8Pem() => PrivateKey.ExportPkcs8PrivateKeyPem();

    /// <summary>The private key as PKCS#8 DER.</summary>
    public byte[] PrivateKeyPkcs8() => PrivateKey.ExportPkcs8PrivateKey();

    // Never the key: this string ends up in logs.
    public override string ToString() => $"CertifiedKey({Certificate.Subject}, serial {Certificate.SerialNumber})";

    public void Dispose()
    {
        PrivateKey.Dispose();
        Certificate.Dispose();
    }
}
