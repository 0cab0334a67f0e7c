using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// A P-256 ECDSA certification authority: the domain CA (LDevIDs, the registrar's credential) or a
/// manufacturer CA (IDevIDs). Pure: the time and the serial-number randomness are passed in.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>How far notBefore lies before the issuing instant, for clocks slightly behind the CA's.</summary>
    public static readonly TimeSpan DefaultBackdate = TimeSpan.FromMinutes(5);

    // RFC 6402 section 2.10: id-kp-cmcRA.
    private const string CmcRegistrationAuthorityOid = "1.3.6.1.5.5.7.3.28";

    private readonly X509AuthorityKeyIdentifierExtension _authorityKeyIdentifier;

    /// <summary>Wraps an existing CA certificate and its key; refuses anything that is not a P-256 CA with keyCertSign.</summary>
    public CertificateAuthority(CertifiedKey identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        RequireCaCertificate(identity.Certificate);
        if (!PublicKeys.SameKey(identity.Certificate, identity.PrivateKey))
        {
            throw new PkiException(PkiError.KeyDoesNotMatchCertificate, "The CA private key does not belong to the CA certificate.");
        }

        Identity = identity;
        _authorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(identity.Certificate, true, false);
        NotAfter = new DateTimeOffset(identity.Certificate.NotAfter.ToUniversalTime());
    }

    public CertifiedKey Identity { get; }

    public X509Certificate2 Certificate => Identity.Certificate;

    public X500DistinguishedName Name => Identity.Certificate.SubjectName;

    /// <summary>The end of the CA's validity; nothing it issues outlives it.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>
    /// Creates a self-signed P-256 CA (RFC 5280 section 4.2.1.9 basicConstraints cA, section 4.2.1.3 keyCertSign
    /// and cRLSign, both critical; section 4.2.1.2 SKI). <paramref name="notAfter"/> may be 9999-12-31T23:59:59Z
    /// (GeneralizedTime 99991231235959Z, "no well-defined expiration", RFC 5280 section 4.1.2.5).
    /// </summary>
    public static CertificateAuthority CreateSelfSigned(X500DistinguishedName name, DateTimeOffset now, DateTimeOffset notAfter, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(random);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var spki = key.ExportSubjectPublicKeyInfo();
            var extensions = new X509Extension[]
            {
                new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true),
                new X509SubjectKeyIdentifierExtension(PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _), critical: false),
            };
            var der = CertificateEncoder.Sign(
                SerialNumberGenerator.Next(random),
                name,
                Validity.TruncateToSeconds(now - DefaultBackdate),
                Validity.TruncateToSeconds(notAfter),
                name,
                spki,
                extensions,
                key);
            return new CertificateAuthority(new CertifiedKey(der, key));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Signs an end-entity certificate for <paramref name="subjectPublicKeyInfo"/>: adds SKI and AKI (RFC 5280
    /// sections 4.2.1.1, 4.2.1.2), a fresh random serial, and caps notAfter at the CA's own notAfter.
    /// </summary>
    public IssuedCertificate IssueEndEntity(
        X500DistinguishedName subject,
        PublicKey subjectPublicKeyInfo,
        IEnumerable<X509Extension> extensions,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ArgumentNullException.ThrowIfNull(extensions);
        ArgumentNullException.ThrowIfNull(random);
        var start = Validity.TruncateToSeconds(notBefore);
        var end = Validity.TruncateToSeconds(notAfter < NotAfter ? notAfter : NotAfter);
        if (end <= start)
        {
            throw new PkiException(PkiError.CaExpired, "The CA's validity ends before the certificate would begin.");
        }

        var serial = SerialNumberGenerator.Next(random);
        var allExtensions = new List<X509Extension>(extensions)
        {
            new X509SubjectKeyIdentifierExtension(subjectPublicKeyInfo, critical: false),
            _authorityKeyIdentifier,
        };
        var der = CertificateEncoder.Sign(serial, Name, start, end, subject, subjectPublicKeyInfo.ExportSubjectPublicKeyInfo(), allExtensions, Identity.PrivateKey);
        return new IssuedCertificate(Convert.ToHexString(serial), subject.Name, start, end, der);
    }

    /// <summary>
    /// The registrar's EDHOC credential (RFC 9528 section 3.5.2): a P-256 key usable both for suite 2 signatures
    /// and for static DH, hence digitalSignature and keyAgreement; extended key usage id-kp-cmcRA as RFC 8995
    /// section 2.5.3 asks of a registrar, plus serverAuth and clientAuth for TLS-based tooling.
    /// </summary>
    public CertifiedKey IssueRegistrarCredential(X500DistinguishedName subject, DateTimeOffset now, TimeSpan lifetime, IRandomSource random)
    {
        var extensions = new X509Extension[]
        {
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true),
            new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(CmcRegistrationAuthorityOid), new Oid(PkiOids.ServerAuth), new Oid(PkiOids.ClientAuth) }, critical: false),
        };
        return IssueWithNewKey(subject, extensions, now - DefaultBackdate, now + lifetime, random);
    }

    /// <summary>Generates a P-256 key and certifies it: the registrar credential and IDevIDs.</summary>
    internal CertifiedKey IssueWithNewKey(X500DistinguishedName subject, IEnumerable<X509Extension> extensions, DateTimeOffset notBefore, DateTimeOffset notAfter, IRandomSource random)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
            return new CertifiedKey(IssueEndEntity(subject, publicKey, extensions, notBefore, notAfter, random).Der, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Checks that <paramref name="certificate"/> was signed by this CA (name and signature); no time check.</summary>
    public bool HasIssued(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(Name.RawData))
        {
            return false;
        }

        try
        {
            SignedDer.Read(certificate.RawData).Verify(Identity.PrivateKey, "certificate");
            return true;
        }
        catch (PkiException)
        {
            return false;
        }
    }

    public override string ToString() => $"CertificateAuthority({Name.Name})";

    public void Dispose() => Identity.Dispose();

    private static void RequireCaCertificate(X509Certificate2 certificate)
    {
        PublicKeys.RequireP256(certificate.PublicKey);
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (basic is not { CertificateAuthority: true } || usage is null || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new PkiException(PkiError.NotIssuedByThisCa, "The certificate is not a CA certificate (basicConstraints cA and keyCertSign).");
        }
    }
}
