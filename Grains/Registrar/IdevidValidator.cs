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
    private const string SerialNumberOid = "2.5.4.5";

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
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.CustomTrustStore.AddRange(credentials.ManufacturerAnchors.ToArray());
            if (!chain.Build(certificate))
            {
                string status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
                return (null, $"the IDevID does not chain to a trusted manufacturer ({status})");
            }
            string? serial = SerialNumber(certificate.SubjectName);
            if (string.IsNullOrEmpty(serial))
            {
                return (null, "the IDevID subject has no serialNumber");
            }
            return (new PledgeIdentity(serial, certificate.Subject, certificate.Issuer, PledgeCredentialKind.Idevid, certificate.SerialNumber), null);
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

    public static string? SerialNumber(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == SerialNumberOid)
            {
                return rdn.GetSingleElementValue();
            }
        }
        return null;
    }
}
