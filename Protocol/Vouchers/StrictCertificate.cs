using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Loads a DER certificate and touches every field this code reads (validity, key, extensions, names): the BCL
/// parses some of them lazily, so a corrupted certificate can load and only fail later, outside our error mapping.
/// </summary>
internal static class StrictCertificate
{
    // Bytes that passed Load before (a parse, not a trust decision); bounded.
    private static readonly BoundedCache<object> WellFormed = new(4096);

    /// <summary>Load's check without keeping the certificate: bytes that passed it before are not parsed again.</summary>
    public static void Require(byte[] der, VoucherError error, string what)
    {
        if (WellFormed.TryGet(der, out _))
        {
            return;
        }
        Load(der, error, what).Dispose();
    }

    /// <summary>Throws <see cref="VoucherException"/> with <paramref name="error"/> when the bytes are not a usable certificate.</summary>
    public static X509Certificate2 Load(byte[] der, VoucherError error, string what)
    {
        X509Certificate2? certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            if (certificate.RawData.Length != der.Length)
            {
                throw new VoucherException(error, $"Bytes follow the {what}.");
            }
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.SubjectName.RawData;
            _ = certificate.IssuerName.RawData;
            _ = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            foreach (var extension in certificate.Extensions)
            {
                _ = extension switch
                {
                    X509KeyUsageExtension usage => usage.KeyUsages.ToString(),
                    X509BasicConstraintsExtension basic => basic.CertificateAuthority.ToString(),
                    X509SubjectKeyIdentifierExtension ski => ski.SubjectKeyIdentifier,
                    X509AuthorityKeyIdentifierExtension aki => aki.KeyIdentifier?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    X509EnhancedKeyUsageExtension eku => eku.EnhancedKeyUsages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => extension.Oid?.Value,
                };
            }
            WellFormed.Add(der, WellFormed);
            return certificate;
        }
        catch (CryptographicException e)
        {
            certificate?.Dispose();
            throw new VoucherException(error, $"The {what} is not a well-formed DER certificate.", e);
        }
        catch (VoucherException)
        {
            certificate?.Dispose();
            throw;
        }
    }
}
