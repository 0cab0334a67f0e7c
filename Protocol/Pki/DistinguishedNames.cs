using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>Builds and reads the device subject names this PKI issues: serialNumber (RFC 8995 section 2.3.1), CN, O, OU.</summary>
public static class DistinguishedNames
{
    // X.520 upper bounds (RFC 5280 appendix A.1): ub-serial-number 64, ub-common-name 64,
    // ub-organization-name 64, ub-organizational-unit-name 64.
    public const int MaxAttributeLength = 64;

    /// <summary>
    /// Builds <c>O=…, OU=…, CN=…, serialNumber=…</c> (most significant first in the DER, as OpenSSL's
    /// <c>-subj "/O=…/CN=…/serialNumber=…"</c> would). Null or empty parts are left out.
    /// </summary>
    public static X500DistinguishedName Device(string serialNumber, string? commonName, string? organization = null, string? organizationalUnit = null)
    {
        RequireSerialNumber(serialNumber);
        // X500DistinguishedNameBuilder encodes the last added RDN first, so add from least significant.
        var builder = new X500DistinguishedNameBuilder();
        // X.520: serialNumber is a PrintableString.
        builder.Add(PkiOids.SerialNumber, serialNumber, UniversalTagNumber.PrintableString);
        if (!string.IsNullOrEmpty(commonName))
        {
            RequireLength(commonName, "CN");
            builder.AddCommonName(commonName);
        }

        if (!string.IsNullOrEmpty(organizationalUnit))
        {
            RequireLength(organizationalUnit, "OU");
            builder.AddOrganizationalUnitName(organizationalUnit);
        }

        if (!string.IsNullOrEmpty(organization))
        {
            RequireLength(organization, "O");
            builder.AddOrganizationName(organization);
        }

        return builder.Build();
    }

    /// <summary>A name with a single CN (CA and registrar names).</summary>
    public static X500DistinguishedName CommonNameOnly(string commonName)
    {
        RequireLength(commonName, "CN");
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>
    /// The value of the one attribute of type <paramref name="oid"/>, or null when absent. Repeated, or
    /// inside a multi-valued RDN, is refused: a name that says two things cannot be bound to one identity.
    /// </summary>
    public static string? FindSingle(X500DistinguishedName name, string oid)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? found = null;
        try
        {
            foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
            {
                if (rdn.HasMultipleElements)
                {
                    if (MultiValuedRdnContains(rdn, oid))
                    {
                        throw new PkiException(PkiError.InvalidSubject, $"Attribute {oid} is inside a multi-valued RDN.");
                    }

                    continue;
                }

                if (rdn.GetSingleElementType().Value != oid)
                {
                    continue;
                }

                if (found is not null)
                {
                    throw new PkiException(PkiError.InvalidSubject, $"Attribute {oid} appears more than once in the subject.");
                }

                found = rdn.GetSingleElementValue()
                    ?? throw new PkiException(PkiError.InvalidSubject, $"Attribute {oid} is not a string.");
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new PkiException(PkiError.InvalidSubject, "The subject name is not well-formed.", e);
        }

        return found;
    }

    /// <summary>Refuses a serial number that is empty, too long, or outside the PrintableString alphabet.</summary>
    public static void RequireSerialNumber(string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        if (serialNumber.Length == 0 || serialNumber.Length > MaxAttributeLength || !serialNumber.All(IsPrintableStringChar))
        {
            throw new PkiException(PkiError.InvalidSubject, "The serial number must be 1 to 64 PrintableString characters.");
        }
    }

    private static void RequireLength(string value, string attribute)
    {
        if (value.Length > MaxAttributeLength)
        {
            throw new PkiException(PkiError.InvalidSubject, $"{attribute} is longer than {MaxAttributeLength} characters.");
        }
    }

    private static bool MultiValuedRdnContains(X500RelativeDistinguishedName rdn, string oid)
    {
        // SET OF AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }
        var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf();
        while (set.HasData)
        {
            var pair = set.ReadSequence();
            if (pair.ReadObjectIdentifier() == oid)
            {
                return true;
            }
        }

        return false;
    }

    // X.680 section 41.4: A-Z a-z 0-9 space ' ( ) + , - . / : = ?
    private static bool IsPrintableStringChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')
            or ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';
}
