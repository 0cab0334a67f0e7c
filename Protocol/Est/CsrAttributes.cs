using System.Formats.Asn1;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Est;

/// <summary>
/// The CSR attributes response (RFC 7030 section 4.5.2; /att, content format 285, RFC 9148 section 4.3):
/// <code>
/// CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID
/// AttrOrOID ::= CHOICE { oid OBJECT IDENTIFIER, attribute Attribute }
/// Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET SIZE(1..MAX) OF ANY }
/// </code>
/// </summary>
public static class CsrAttributes
{
    /// <summary>
    /// What this domain's CA wants in a request: a P-256 key (RFC 7030 section 4.5.2's
    /// <c>SEQUENCE { id-ecPublicKey, SET { curve } }</c> form), an ecdsa-with-SHA256 signature and the
    /// subject's serialNumber.
    /// </summary>
    public static IReadOnlyList<CsrAttribute> ForP256DeviceRequests()
    {
        var curve = new AsnWriter(AsnEncodingRules.DER);
        curve.WriteObjectIdentifier(PkiOids.Secp256r1);
        return
        [
            new CsrAttribute(PkiOids.EcPublicKey, [curve.Encode()]),
            new CsrAttribute(PkiOids.EcdsaWithSha256),
            new CsrAttribute(PkiOids.SerialNumber),
        ];
    }

    public static byte[] Build(IEnumerable<CsrAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Values is null)
                {
                    writer.WriteObjectIdentifier(attribute.Oid);
                    continue;
                }

                if (attribute.Values.Count == 0)
                {
                    throw new ArgumentException($"Attribute {attribute.Oid} needs at least one value (SET SIZE(1..MAX)).", nameof(attributes));
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(attribute.Oid);
                    using (writer.PushSetOf())
                    {
                        foreach (var value in attribute.Values)
                        {
                            writer.WriteEncodedValue(value);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>Reads a CSR attributes response (pledge side); unknown OIDs are kept, the pledge decides.</summary>
    public static IReadOnlyList<CsrAttribute> Parse(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var attributes = new List<CsrAttribute>();
            while (sequence.HasData)
            {
                if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    attributes.Add(new CsrAttribute(sequence.ReadObjectIdentifier()));
                    continue;
                }

                var attribute = sequence.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var set = attribute.ReadSetOf();
                attribute.ThrowIfNotEmpty();
                var values = new List<byte[]>();
                while (set.HasData)
                {
                    values.Add(set.ReadEncodedValue().ToArray());
                }

                if (values.Count == 0)
                {
                    throw new EstFormatException(EstFormatError.Malformed, $"Attribute {oid} has no values.");
                }

                attributes.Add(new CsrAttribute(oid, values));
            }

            return attributes;
        }
        catch (AsnContentException e)
        {
            throw new EstFormatException(EstFormatError.Malformed, "Not a well-formed CsrAttrs.", e);
        }
    }
}
