using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Coap;

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
}
