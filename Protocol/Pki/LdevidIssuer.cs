using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// Issues domain certificates (LDevIDs) from validated requests: binds the request to the authenticated
/// identity (draft-selander-ace-eals section 2.1), compiles the content from the request, the pledge record and
/// the group policy (section 2.4), and has the domain CA sign it.
/// </summary>
public sealed class LdevidIssuer
{
    private readonly CertificateAuthority _domainCa;

    public LdevidIssuer(CertificateAuthority domainCa)
    {
        ArgumentNullException.ThrowIfNull(domainCa);
        _domainCa = domainCa;
    }

    public IssuedCertificate Issue(
        ValidatedCsr request,
        AuthenticatedIdentity identity,
        PledgeRecord pledge,
        EnrollmentPolicy policy,
        DateTimeOffset now,
        IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(pledge);
        ArgumentNullException.ThrowIfNull(policy);
        RequireBinding(request, identity);

        // The serialNumber comes from what EDHOC authenticated, never from the request or the record.
        var subject = DistinguishedNames.Device(
            identity.SerialNumber,
            pledge.CommonName ?? request.CommonName ?? identity.SerialNumber,
            pledge.Organization ?? request.Organization,
            pledge.OrganizationalUnit ?? request.OrganizationalUnit);

        return _domainCa.IssueEndEntity(subject, request.PublicKey, Extensions(policy), now - policy.Backdate, now + policy.Lifetime, random);
    }

    /// <summary>
    /// Re-enrollment (/sren) for <paramref name="current"/>, the identity <see cref="ReenrollmentAuthenticator"/>
    /// derived from the current LDevID. RFC 7030 section 4.2.2: the request's subject must be identical to the
    /// current certificate's; the key may be new. The new certificate keeps that subject verbatim.
    /// </summary>
    public IssuedCertificate Reenroll(ValidatedCsr request, AuthenticatedIdentity current, EnrollmentPolicy policy, DateTimeOffset now, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(policy);
        if (current.SubjectDer is null)
        {
            throw new ArgumentException("Re-enrollment needs the current certificate's subject (AuthenticatedIdentity.FromCertificate).", nameof(current));
        }

        if (!request.Subject.RawData.AsSpan().SequenceEqual(current.SubjectDer))
        {
            throw new PkiException(PkiError.IdentityMismatch, "A re-enrollment request must name the current certificate's subject.");
        }

        return _domainCa.IssueEndEntity(new X500DistinguishedName(current.SubjectDer), request.PublicKey, Extensions(policy), now - policy.Backdate, now + policy.Lifetime, random);
    }

    /// <summary>
    /// A request may leave the serialNumber out (the CA fills it in), but if it names one, that must be the
    /// authenticated one: otherwise a pledge could obtain a certificate in another device's name.
    /// </summary>
    public static void RequireBinding(ValidatedCsr request, AuthenticatedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identity);
        if (request.SerialNumber is not null && !string.Equals(request.SerialNumber, identity.SerialNumber, StringComparison.Ordinal))
        {
            throw new PkiException(PkiError.IdentityMismatch, "The request's serialNumber is not the authenticated identity's.");
        }
    }

    private static List<X509Extension> Extensions(EnrollmentPolicy policy)
    {
        var extensions = new List<X509Extension>
        {
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
            new X509KeyUsageExtension(policy.KeyUsage, critical: true),
        };

        var purposes = new OidCollection();
        if (policy.ClientAuth)
        {
            purposes.Add(new Oid(PkiOids.ClientAuth));
        }

        if (policy.ServerAuth)
        {
            purposes.Add(new Oid(PkiOids.ServerAuth));
        }

        if (purposes.Count > 0)
        {
            extensions.Add(new X509EnhancedKeyUsageExtension(purposes, critical: false));
        }

        if (policy.DnsNames.Count > 0 || policy.Uris.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in policy.DnsNames)
            {
                names.AddDnsName(dns);
            }

            foreach (var uri in policy.Uris)
            {
                names.AddUri(uri);
            }

            extensions.Add(names.Build(critical: false));
        }

        return extensions;
    }
}
