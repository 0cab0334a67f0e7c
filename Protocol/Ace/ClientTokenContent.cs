using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// What the Client Token (EALS draft section 3.2) tells the pledge, encrypted under the key it shares with the
/// AS: <c>{ sub, aud, exp, cnf: { osc: OSCORE_Input_Material }, voucher: bstr }</c>, the voucher being the
/// MASA-signed constrained voucher that pins the registrar's domain, its nonce the pledge's nonce1.
/// </summary>
public sealed record ClientTokenContent(string Subject, string Audience, DateTimeOffset ExpiresAt, OscoreInputMaterial InputMaterial, byte[] Voucher)
{
    private const string What = "the Client Token";

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(5);
        writer.WriteInt32(AceLabels.Subject);
        writer.WriteTextString(Subject);
        writer.WriteInt32(AceLabels.Audience);
        writer.WriteTextString(Audience);
        writer.WriteInt32(AceLabels.ExpiresAt);
        writer.WriteInt64(ExpiresAt.ToUnixTimeSeconds());
        InputMaterial.WriteConfirmation(writer);
        writer.WriteInt32(AceLabels.Voucher);
        writer.WriteByteString(Voucher);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static ClientTokenContent Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        return new ClientTokenContent(
            map.Text(AceLabels.Subject, What),
            map.Text(AceLabels.Audience, What),
            map.Time(AceLabels.ExpiresAt, What),
            OscoreInputMaterial.FromConfirmation(map, What) ?? throw new AceFormatException($"{What}: cnf is missing"),
            map.Bytes(AceLabels.Voucher, What));
    }

    public override string ToString() => $"ClientTokenContent {{ Subject = {Subject}, Audience = {Audience}, ExpiresAt = {ExpiresAt:u} }}";
}
