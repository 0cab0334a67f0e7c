using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// An enrollment group's certificate profile (draft-selander-ace-eals section 2.4): validity and extensions
/// of the LDevIDs issued to its pledges.
/// </summary>
public sealed record EnrollmentPolicy
{
    public EnrollmentPolicy(TimeSpan lifetime, X509KeyUsageFlags keyUsage, bool clientAuth = true, bool serverAuth = false)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "The lifetime must be positive.");
        }

        if ((keyUsage & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) != 0)
        {
            throw new ArgumentException("An end-entity policy cannot grant keyCertSign or cRLSign.", nameof(keyUsage));
        }

        Lifetime = lifetime;
        KeyUsage = keyUsage;
        ClientAuth = clientAuth;
        ServerAuth = serverAuth;
    }

    /// <summary>A one-year P-256 device certificate for EDHOC and (D)TLS clients.</summary>
    public static EnrollmentPolicy Default { get; } =
        new(TimeSpan.FromDays(365), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement);

    public TimeSpan Lifetime { get; }

    public X509KeyUsageFlags KeyUsage { get; }

    public bool ClientAuth { get; }

    public bool ServerAuth { get; }

    /// <summary>How far notBefore lies before the issuing instant, for clocks slightly behind the CA's.</summary>
    public TimeSpan Backdate { get; init; } = CertificateAuthority.DefaultBackdate;

    /// <summary>subjectAltName dNSName entries (RFC 5280 section 4.2.1.6), if any.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>subjectAltName uniformResourceIdentifier entries, if any.</summary>
    public IReadOnlyList<Uri> Uris { get; init; } = [];
}
