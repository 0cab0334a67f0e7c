using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// Re-enrollment (RFC 7030 section 4.2.2, EST-coaps /sren): the pledge authenticates with its current LDevID.
/// That certificate must be one this domain CA issued and must be valid now; the new certificate then binds
/// to the same identity (same serialNumber), possibly for a new key.
/// </summary>
public static class ReenrollmentAuthenticator
{
    public static AuthenticatedIdentity Authenticate(CertificateAuthority domainCa, ReadOnlyMemory<byte> currentCertificateDer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(domainCa);
        // Strict DER first: the BCL loader would also accept PEM or PKCS#7 input.
        SignedDer.Read(currentCertificateDer);
        X509Certificate2 current;
        try
        {
            current = X509CertificateLoader.LoadCertificate(currentCertificateDer.Span);
        }
        catch (CryptographicException e)
        {
            throw new PkiException(PkiError.Malformed, "The presented certificate is not well-formed.", e);
        }

        using (current)
        {
            if (!domainCa.HasIssued(current))
            {
                throw new PkiException(PkiError.NotIssuedByThisCa, "The presented certificate was not issued by this domain CA.");
            }

            if (!Validity.Contains(current.NotBefore, current.NotAfter, now))
            {
                throw new PkiException(PkiError.CertificateNotValidNow, "The presented certificate is expired or not yet valid.");
            }

            return AuthenticatedIdentity.FromCertificate(current);
        }
    }
}
