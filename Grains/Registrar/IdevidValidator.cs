using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Pledges;

namespace Eals.Grains.Registrar;

/// <summary>
/// Checks a pledge's IDevID (RFC 8995 section 2.3): it chains to one of the manufacturer trust anchors,
/// is valid now, and names the pledge by a subject serialNumber. Returns the identity EDHOC then binds to.
/// </summary>
public static class IdevidValidator
{
    private const string SerialNumberOid = "2.5.4.5";

    public static (PledgeIdentity? Identity, string? Problem) Validate(byte[] certificateDer, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "the IDevID is not a parsable X.509 certificate");
        }
        using (certificate)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
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
            return (new PledgeIdentity(serial, certificate.Subject, certificate.Issuer), null);
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
