using System.Formats.Asn1;
using System.Numerics;

namespace Eals.Protocol.Cmc;

/// <summary>
/// The controlSequence of PKIData and PKIResponse (RFC 5272 section 3.2.1.2): TaggedAttribute ::=
/// SEQUENCE { bodyPartID, attrType, attrValues SET OF }. Writes the controls this system sends and reads
/// each control type at most once.
/// </summary>
internal static class TaggedAttributes
{
    public static void Write(AsnWriter writer, uint bodyPartId, string type, Action<AsnWriter> writeValue)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(bodyPartId);
            writer.WriteObjectIdentifier(type);
            using (writer.PushSetOf())
            {
                writeValue(writer);
            }
        }
    }

    /// <summary>Every control in the sequence by type, each with its single value; a repeated type is refused.</summary>
    public static Dictionary<string, ReadOnlyMemory<byte>> Read(AsnReader controlSequence)
    {
        var controls = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        while (controlSequence.HasData)
        {
            var attribute = controlSequence.ReadSequence();
            ReadBodyPartId(attribute);
            string type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            var value = values.ReadEncodedValue();
            if (values.HasData || !controls.TryAdd(type, value))
            {
                throw new CmcException(CmcError.MissingControl, $"the control {type} appears more than once");
            }
        }
        return controls;
    }

    public static ReadOnlyMemory<byte> Require(Dictionary<string, ReadOnlyMemory<byte>> controls, string type, string name) =>
        controls.TryGetValue(type, out var value) ? value : throw new CmcException(CmcError.MissingControl, $"the message has no {name} control");

    public static BigInteger ReadInteger(ReadOnlyMemory<byte> value) => new AsnReader(value, AsnEncodingRules.DER).ReadInteger();

    public static byte[] ReadOctetString(ReadOnlyMemory<byte> value) => new AsnReader(value, AsnEncodingRules.DER).ReadOctetString();

    /// <summary>BodyPartID ::= INTEGER(0..4294967295).</summary>
    public static uint ReadBodyPartId(AsnReader reader) => reader.TryReadUInt32(out uint id)
        ? id
        : throw new CmcException(CmcError.Malformed, "a bodyPartID is outside 0..4294967295");
}
