using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// The registrar's 2.01 to /authz-info (RFC 9203 section 4.2, with the EALS Client Token of draft section 3.2):
/// <c>{ nonce2: bstr, ace_server_recipientid: bstr, client_token: bstr }</c>.
/// </summary>
public sealed record AuthzInfoResponse(byte[] Nonce2, byte[] ServerRecipientId, byte[] ClientToken)
{
    private const string What = "the /authz-info response";

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(3);
        writer.WriteInt32(AceLabels.Nonce2);
        writer.WriteByteString(Nonce2);
        writer.WriteInt32(AceLabels.ServerRecipientId);
        writer.WriteByteString(ServerRecipientId);
        writer.WriteInt32(AceLabels.ClientToken);
        writer.WriteByteString(ClientToken);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static AuthzInfoResponse Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        return new AuthzInfoResponse(map.Bytes(AceLabels.Nonce2, What), map.Bytes(AceLabels.ServerRecipientId, What), map.Bytes(AceLabels.ClientToken, What));
    }
}
