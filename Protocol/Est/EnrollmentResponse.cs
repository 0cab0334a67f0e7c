using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Coap;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Est;

/// <summary>
/// The payload of a successful /sen or /sren (RFC 9148 section 4.3, RFC 7030 section 4.2.3): the certificate
/// alone as application/pkix-cert (287) or, for the draft's /eals alias and clients that ask for it, a
/// certs-only message with the certificate and the domain CA (281).
/// </summary>
public static class EnrollmentResponse
{
    /// <summary>Encodes for the Accept option's value; without Accept (null) this server picks 287, the smallest.</summary>
    public static (ushort ContentFormat, byte[] Payload) Encode(ushort? accept, byte[] issuedDer, X509Certificate2 domainCa)
    {
        ArgumentNullException.ThrowIfNull(issuedDer);
        ArgumentNullException.ThrowIfNull(domainCa);
        switch (accept ?? CoapContentFormat.PkixCert)
        {
            case CoapContentFormat.PkixCert:
                return (CoapContentFormat.PkixCert, issuedDer);
            case CoapContentFormat.Pkcs7CertsOnly:
                using (var issued = X509CertificateLoader.LoadCertificate(issuedDer))
                {
                    return (CoapContentFormat.Pkcs7CertsOnly, CertsOnlyMessage.Build([issued, domainCa]));
                }

            default:
                throw new EstFormatException(EstFormatError.UnsupportedContentFormat, $"Content format {accept} is not offered for enrollment responses.");
        }
    }

    /// <summary>
    /// The pledge side: takes the certificate out of a 287 or 281 response and checks that it certifies
    /// <paramref name="ownKey"/> and was signed by <paramref name="pinnedDomainCa"/> (the CA the voucher pinned).
    /// </summary>
    public static X509Certificate2 Decode(ushort contentFormat, ReadOnlyMemory<byte> payload, ECDsa ownKey, X509Certificate2 pinnedDomainCa)
    {
        ArgumentNullException.ThrowIfNull(ownKey);
        ArgumentNullException.ThrowIfNull(pinnedDomainCa);
        var ownPublicKey = ownKey.ExportSubjectPublicKeyInfo();
        X509Certificate2 issued;
        switch (contentFormat)
        {
            case CoapContentFormat.PkixCert:
                issued = LoadDer(payload);
                break;
            case CoapContentFormat.Pkcs7CertsOnly:
                var certificates = CertsOnlyMessage.Parse(payload);
                issued = certificates.FirstOrDefault(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(ownPublicKey))
                    ?? throw new EstFormatException(EstFormatError.NotForThisKey, "No certificate in the response certifies this pledge's key.");
                foreach (var other in certificates.Where(c => !ReferenceEquals(c, issued)))
                {
                    other.Dispose();
                }

                break;
            default:
                throw new EstFormatException(EstFormatError.UnsupportedContentFormat, $"Content format {contentFormat} is not an enrollment response.");
        }

        try
        {
            if (!issued.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(ownPublicKey))
            {
                throw new EstFormatException(EstFormatError.NotForThisKey, "The certificate certifies another key.");
            }

            RequireSignedBy(issued, pinnedDomainCa);
            return issued;
        }
        catch
        {
            issued.Dispose();
            throw;
        }
    }

    private static X509Certificate2 LoadDer(ReadOnlyMemory<byte> payload)
    {
        try
        {
            SignedDer.Read(payload);
            return X509CertificateLoader.LoadCertificate(payload.Span);
        }
        catch (Exception e) when (e is PkiException or CryptographicException)
        {
            throw new EstFormatException(EstFormatError.BadCertificate, "The response is not a DER certificate.", e);
        }
    }

    private static void RequireSignedBy(X509Certificate2 issued, X509Certificate2 domainCa)
    {
        try
        {
            if (!issued.IssuerName.RawData.AsSpan().SequenceEqual(domainCa.SubjectName.RawData))
            {
                throw new PkiException(PkiError.NotIssuedByThisCa, "Issuer name differs.");
            }

            SignedDer.Read(issued.RawData).Verify(PublicKeys.OpenP256(domainCa.PublicKey), "certificate");
        }
        catch (PkiException e)
        {
            throw new EstFormatException(EstFormatError.NotFromDomainCa, "The certificate was not issued by the pinned domain CA.", e);
        }
    }
}
