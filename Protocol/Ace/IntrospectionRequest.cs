using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// The payload of the registrar's introspection request (RFC 9200 section 5.9.1, signed by the registrar as a
/// COSE_Sign1): <c>{ token: bstr, nonce1: bstr }</c>; nonce1 becomes the voucher's nonce, so the voucher the
/// pledge gets back in the Client Token is fresh.
/// </summary>
public sealed record IntrospectionRequest(byte[] Token, byte[] Nonce1)
{
    private const string What = "the introspection request";

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteInt32(AceLabels.Token);
        writer.WriteByteString(Token);
        writer.WriteInt32(AceLabels.Nonce1);
        writer.WriteByteString(Nonce1);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static IntrospectionRequest Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        return new IntrospectionRequest(map.Bytes(AceLabels.Token, What), map.Bytes(AceLabels.Nonce1, What));
    }
}
