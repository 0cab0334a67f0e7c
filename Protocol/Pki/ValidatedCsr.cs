using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// A PKCS#10 request whose signature verified, whose key is P-256 and whose requested extensions were
/// checked (<see cref="CsrParser"/>). What the CA may take from it: the key and the subject's parts.
/// </summary>
public sealed class ValidatedCsr
{
    internal ValidatedCsr(byte[] der, X500DistinguishedName subject, PublicKey publicKey, IReadOnlyList<X509Extension> requestedExtensions)
    {
        Der = der;
        Subject = subject;
        PublicKey = publicKey;
        RequestedExtensions = requestedExtensions;
        SerialNumber = DistinguishedNames.FindSingle(subject, PkiOids.SerialNumber);
        CommonName = DistinguishedNames.FindSingle(subject, PkiOids.CommonName);
        Organization = DistinguishedNames.FindSingle(subject, PkiOids.Organization);
        OrganizationalUnit = DistinguishedNames.FindSingle(subject, PkiOids.OrganizationalUnit);
    }

    public byte[] Der { get; }

    public X500DistinguishedName Subject { get; }

    public PublicKey PublicKey { get; }

    /// <summary>The extensionRequest contents (RFC 2985 section 5.4.2), already refused if they ask for a CA.</summary>
    public IReadOnlyList<X509Extension> RequestedExtensions { get; }

    /// <summary>The subject's serialNumber (2.5.4.5), or null when the request names none.</summary>
    public string? SerialNumber { get; }

    public string? CommonName { get; }

    public string? Organization { get; }

    public string? OrganizationalUnit { get; }

    public override string ToString() => $"ValidatedCsr({Subject.Name})";
}
