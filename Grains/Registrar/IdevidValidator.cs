using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Pledges;
using Eals.Protocol.Pki;

namespace Eals.Grains.Registrar;

/// <summary>
/// Checks the certificate a pledge authenticated with in EDHOC: an IDevID (RFC 8995 section 2.3) that
/// chains to a manufacturer trust anchor, or a domain certificate this registrar's CA issued (for
/// re-enrollment); valid now, naming the pledge by a subject serialNumber.
/// </summary>
public static class IdevidValidator
{
    public static (PledgeIdentity? Identity, string? Problem) Validate(byte[] certificateDer, RegistrarCredentials credentials, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "the pledge's certificate is not a parsable X.509 certificate");
        }
        using (certificate)
        {
            if (certificate.IssuerName.RawData.AsSpan().SequenceEqual(credentials.DomainCa.Name.RawData))
            {
                return ValidateDomainCertificate(certificate, credentials, now);
            }
            if (!CertificateChain.ChainsTo(certificate, credentials.ManufacturerAnchors, now, out string problem))
            {
                return (null, $"the IDevID does not chain to a trusted manufacturer ({problem})");
            }
            AuthenticatedIdentity named;
            try
            {
                named = AuthenticatedIdentity.FromCertificate(certificate);
            }
            catch (PkiException exception)
            {
                return (null, $"the IDevID does not name the pledge: {exception.Message}");
            }
            return (new PledgeIdentity(named.SerialNumber, certificate.Subject, certificate.Issuer, PledgeCredentialKind.Idevid, certificate.SerialNumber), null);
        }
    }

    private static (PledgeIdentity? Identity, string? Problem) ValidateDomainCertificate(X509Certificate2 certificate, RegistrarCredentials credentials, DateTimeOffset now)
    {
        try
        {
            var identity = ReenrollmentAuthenticator.Authenticate(credentials.DomainCa, certificate.RawData, now);
            return (new PledgeIdentity(identity.SerialNumber, identity.Subject, certificate.Issuer, PledgeCredentialKind.Ldevid, certificate.SerialNumber), null);
        }
        catch (PkiException exception)
        {
            return (null, $"the domain certificate is not acceptable: {exception.Message}");
        }
    }
}
