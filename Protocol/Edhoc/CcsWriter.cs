using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Builds a CWT Claims Set for a raw public key (RFC 9528 section 3.5.2, as in RFC 9529 section 3):
/// <code>{ 2 (sub): tstr, 8 (cnf): { 1 (COSE_Key): { 1: kty, 2: kid, -1: crv, -2: x, ? -3: y } } }</code>
/// </summary>
internal static class CcsWriter
{
    public static byte[] Write(EdhocPublicKey key, byte[] kid, string subject)
    {
        bool ec2 = key.Type == EdhocKeyType.P256 && key.Y.Length > 0;
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteInt32(2);
        writer.WriteTextString(subject);
        writer.WriteInt32(8);
        writer.WriteStartMap(1);
        writer.WriteInt32(1);
        writer.WriteStartMap(ec2 ? 5 : 4);
        writer.WriteInt32(1);
        writer.WriteInt32(key.Type == EdhocKeyType.P256 ? 2 : 1);
        writer.WriteInt32(2);
        writer.WriteByteString(kid);
        writer.WriteInt32(-1);
        writer.WriteInt32(key.Type switch { EdhocKeyType.P256 => 1, EdhocKeyType.X25519 => 4, _ => 6 });
        writer.WriteInt32(-2);
        writer.WriteByteString(key.X);
        if (ec2)
        {
            writer.WriteInt32(-3);
            writer.WriteByteString(key.Y);
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }
}
