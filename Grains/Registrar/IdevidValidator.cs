using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Pledges;
using Eals.Protocol.Pki;

namespace Eals.Grains.Registrar;

/// <summary>
/// Checks the certificate a pledge authenticated with in EDHOC: an IDevID (RFC 8995 section 2.3) that
/// chains to a manufacturer trust anchor, or a domain certificate this registrar's CA issued (for
/// re-enrollment); valid now, naming the pledge by a subject serialNumber.
/// An IDevID accepted once is remembered by its exact bytes with the span of time in which it and every manufacturer
/// anchor are valid: the same bytes inside that span (the registrar and its hosted MASA meet one IDevID several
/// times per enrollment, and a pledge that retries brings it again) get the same answer without parsing and
/// chain building again. A refusal is never remembered.
/// </summary>
public static class IdevidValidator
{
    public static (PledgeIdentity? Identity, string? Problem) Validate(byte[] certificateDer, RegistrarCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.AcceptedIdevids.TryGet(certificateDer, out var accepted) && accepted.From <= now && now <= accepted.Until)
        {
            return (accepted.Identity, null);
        }
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
            var identity = new PledgeIdentity(named.SerialNumber, certificate.Subject, certificate.Issuer, PledgeCredentialKind.Idevid, certificate.SerialNumber);
            // Conservative: the time in which the IDevID and every manufacturer anchor are valid.
            IEnumerable<X509Certificate2> all = [certificate, .. credentials.ManufacturerAnchors];
            credentials.AcceptedIdevids.Add(certificateDer, new Accepted(
                identity,
                all.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime())),
                all.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()))));
            return (identity, null);
        }
    }

    internal sealed record Accepted(PledgeIdentity Identity, DateTimeOffset From, DateTimeOffset Until);

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
