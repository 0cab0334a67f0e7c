using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Est;

/// <summary>
/// The payload of a successful /skg (RFC 9148 section 4.8): application/multipart-core holding the
/// private key the server generated, unencrypted PKCS#8 (284), and its certificate as pkix-cert (287) or
/// certs-only (281). RFC 9148 lets the two representations come in either order; this server writes the key first:
/// <code>
/// [284, h'PKCS#8 PrivateKeyInfo', 287 / 281, h'certificate']
/// </code>
/// An encrypted key (280, asked for with DecryptKeyIdentifier or AsymmetricDecryptKeyIdentifier in the
/// CSR) is not produced: OSCORE already protects the response end to end, from the registrar's context to the pledge.
/// </summary>
public static class ServerGeneratedKey
{
    /// <summary>The multipart-core payload; the caller owns it and should wipe it once it is sent.</summary>
    public static byte[] Encode(ReadOnlyMemory<byte> pkcs8PrivateKey, ushort certificateFormat, ReadOnlyMemory<byte> certificate)
    {
        if (certificateFormat is not (CoapContentFormat.PkixCert or CoapContentFormat.Pkcs7CertsOnly))
        {
            throw new EstFormatException(EstFormatError.UnsupportedContentFormat, $"Content format {certificateFormat} is not a certificate format of /skg.");
        }
        return MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs8, pkcs8PrivateKey), new MultipartPart(certificateFormat, certificate)]);
    }

    /// <summary>Splits an /skg payload into its key and certificate parts (slices of <paramref name="payload"/>), in either order.</summary>
    public static (ReadOnlyMemory<byte> Pkcs8PrivateKey, ushort CertificateFormat, ReadOnlyMemory<byte> Certificate) Split(ReadOnlyMemory<byte> payload)
    {
        var parts = MultipartCore.Decode(payload);
        if (parts.Count != 2)
        {
            throw new EstFormatException(EstFormatError.Malformed, "An /skg response holds exactly a private key and a certificate.");
        }
        if (parts.Any(p => p.ContentFormat == CoapContentFormat.Pkcs7ServerGeneratedKey))
        {
            throw new EstFormatException(EstFormatError.UnsupportedContentFormat, "Encrypted private keys (280) are not supported.");
        }
        var key = parts.FirstOrDefault(p => p.ContentFormat == CoapContentFormat.Pkcs8);
        var certificate = parts.FirstOrDefault(p => p.ContentFormat is CoapContentFormat.PkixCert or CoapContentFormat.Pkcs7CertsOnly);
        // Two parts, one of each kind: a second key or a second certificate leaves the other kind missing.
        if (key.Representation is not { } keyBytes || certificate.Representation is not { } certificateBytes)
        {
            throw new EstFormatException(EstFormatError.Malformed, "An /skg response needs a PKCS#8 key (284) and a certificate (287 or 281), both present.");
        }
        return (keyBytes, certificate.ContentFormat, certificateBytes);
    }

    /// <summary>
    /// The pledge side: imports the P-256 key and takes the certificate that certifies exactly that key and
    /// was signed by <paramref name="pinnedDomainCa"/>. The caller owns both results.
    /// </summary>
    public static (X509Certificate2 Certificate, ECDsa Key) Open(ReadOnlyMemory<byte> payload, X509Certificate2 pinnedDomainCa)
    {
        ArgumentNullException.ThrowIfNull(pinnedDomainCa);
        var (pkcs8, format, certificate) = Split(payload);
        var key = ImportP256(pkcs8.Span);
        try
        {
            return (EnrollmentResponse.Decode(format, certificate, key, pinnedDomainCa), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static ECDsa ImportP256(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out int read);
            if (read != pkcs8.Length || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new EstFormatException(EstFormatError.Malformed, "The private key is not one P-256 PKCS#8 PrivateKeyInfo.");
            }
            return key;
        }
        catch (CryptographicException exception)
        {
            key.Dispose();
            throw new EstFormatException(EstFormatError.Malformed, "The private key is not a PKCS#8 PrivateKeyInfo.", exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
