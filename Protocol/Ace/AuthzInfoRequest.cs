using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// The pledge's POST to /authz-info (RFC 9203 section 4.1), application/ace+cbor:
/// <c>{ access_token: bstr, nonce1: bstr, ace_client_recipientid: bstr }</c>.
/// </summary>
public sealed record AuthzInfoRequest(byte[] AccessToken, byte[] Nonce1, byte[] ClientRecipientId)
{
    private const string What = "the /authz-info request";

    /// <summary>RFC 9203 section 4.1 recommends 8 bytes for nonce1 and nonce2; fewer are refused.</summary>
    public const int MinNonceLength = 8;

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(3);
        writer.WriteInt32(AceLabels.AccessToken);
        writer.WriteByteString(AccessToken);
        writer.WriteInt32(AceLabels.Nonce1);
        writer.WriteByteString(Nonce1);
        writer.WriteInt32(AceLabels.ClientRecipientId);
        writer.WriteByteString(ClientRecipientId);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static AuthzInfoRequest Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        var request = new AuthzInfoRequest(map.Bytes(AceLabels.AccessToken, What), map.Bytes(AceLabels.Nonce1, What), map.Bytes(AceLabels.ClientRecipientId, What));
        if (request.Nonce1.Length < MinNonceLength)
        {
            throw new AceFormatException($"{What}: nonce1 must be at least {MinNonceLength} bytes");
        }
        if (request.ClientRecipientId.Length > Oscore.OscoreAlgorithm.MaxIdLength)
        {
            throw new AceFormatException($"{What}: ace_client_recipientid is longer than {Oscore.OscoreAlgorithm.MaxIdLength} bytes");
        }
        return request;
    }
}
