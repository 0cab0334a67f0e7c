using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// The claims of a pledge's access token (RFC 8392 CWT; RFC 9200 section 5.8): issuer (the AS), subject (the
/// pledge's serial number), audience (the registrar), expiry, issue time, token id (cti) and scope. The token
/// carries no key: the registrar learns the OSCORE input material by introspection.
/// </summary>
public sealed record AccessTokenClaims(string Issuer, string Subject, string Audience, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt, byte[] TokenId, string Scope)
{
    private const string What = "the access token's claims";

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(7);
        writer.WriteInt32(AceLabels.Issuer);
        writer.WriteTextString(Issuer);
        writer.WriteInt32(AceLabels.Subject);
        writer.WriteTextString(Subject);
        writer.WriteInt32(AceLabels.Audience);
        writer.WriteTextString(Audience);
        writer.WriteInt32(AceLabels.ExpiresAt);
        writer.WriteInt64(ExpiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(AceLabels.IssuedAt);
        writer.WriteInt64(IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(AceLabels.TokenId);
        writer.WriteByteString(TokenId);
        writer.WriteInt32(AceLabels.Scope);
        writer.WriteTextString(Scope);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static AccessTokenClaims Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        return new AccessTokenClaims(
            map.Text(AceLabels.Issuer, What),
            map.Text(AceLabels.Subject, What),
            map.Text(AceLabels.Audience, What),
            map.Time(AceLabels.ExpiresAt, What),
            map.Time(AceLabels.IssuedAt, What),
            map.Bytes(AceLabels.TokenId, What),
            map.Text(AceLabels.Scope, What));
    }
}
