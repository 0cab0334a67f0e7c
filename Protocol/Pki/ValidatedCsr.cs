using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// A PKCS#10 request whose signature verified, whose key is P-256 and whose requested extensions were
/// checked (<see cref="CsrParser"/>). What the CA may take from it: the key and the subject's parts.
/// </summary>
public sealed class ValidatedCsr
{
    internal ValidatedCsr(byte[] der, X500DistinguishedName subject, PublicKey publicKey, IReadOnlyList<X509Extension> requestedExtensions, IReadOnlyList<string>? attributeOids = null)
    {
        AttributeOids = attributeOids ?? [];
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

    /// <summary>The types of the request's attributes other than extensionRequest (RFC 2986 section 4.1), values unread.</summary>
    public IReadOnlyList<string> AttributeOids { get; }

    /// <summary>
    /// A server-side key generation request asking for the key encrypted (RFC 7030 section 4.4.1, RFC 9148
    /// section 4.8: Content-Format 280) names DecryptKeyIdentifier or AsymmetricDecryptKeyIdentifier.
    /// </summary>
    public bool AsksForEncryptedKey => AttributeOids.Any(oid => oid is PkiOids.DecryptKeyIdentifier or PkiOids.AsymmetricDecryptKeyIdentifier);

    /// <summary>The subject's serialNumber (2.5.4.5), or null when the request names none.</summary>
    public string? SerialNumber { get; }

    public string? CommonName { get; }

    public string? Organization { get; }

    public string? OrganizationalUnit { get; }

    public override string ToString() => $"ValidatedCsr({Subject.Name})";
}
