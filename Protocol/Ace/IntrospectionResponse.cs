using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// The AS's introspection answer (RFC 9200 section 5.9.2): <c>active</c>, and for an active token its subject,
/// audience, scope and expiry; when the asking registrar is the token's audience also <c>cnf = { osc:
/// OSCORE_Input_Material }</c> (RFC 9203 section 3.2) and the EALS Client Token. It travels encrypted to the
/// registrar (<see cref="CoseEncrypt0"/>, ECDH-ES). <see cref="ToString"/> never shows the master secret.
/// </summary>
public sealed record IntrospectionResponse(bool Active, string? Subject = null, string? Audience = null, string? Scope = null,
    DateTimeOffset? ExpiresAt = null, OscoreInputMaterial? InputMaterial = null, byte[]? ClientToken = null, string? Issuer = null)
{
    private const string What = "the introspection response";

    public static IntrospectionResponse Inactive { get; } = new(false);

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        int count = 1 + new object?[] { Issuer, Subject, Audience, Scope, ExpiresAt, InputMaterial, ClientToken }.Count(value => value is not null);
        writer.WriteStartMap(count);
        writer.WriteInt32(AceLabels.Active);
        writer.WriteBoolean(Active);
        WriteText(writer, AceLabels.Issuer, Issuer);
        WriteText(writer, AceLabels.Subject, Subject);
        WriteText(writer, AceLabels.Audience, Audience);
        WriteText(writer, AceLabels.Scope, Scope);
        if (ExpiresAt is { } expires)
        {
            writer.WriteInt32(AceLabels.ExpiresAt);
            writer.WriteInt64(expires.ToUnixTimeSeconds());
        }
        InputMaterial?.WriteConfirmation(writer);
        if (ClientToken is { } clientToken)
        {
            writer.WriteInt32(AceLabels.ClientToken);
            writer.WriteByteString(clientToken);
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static IntrospectionResponse Decode(ReadOnlyMemory<byte> encoded)
    {
        var map = AceMap.Read(encoded, What);
        return new IntrospectionResponse(
            map.Boolean(AceLabels.Active, What),
            map.OptionalText(AceLabels.Subject, What),
            map.OptionalText(AceLabels.Audience, What),
            map.OptionalText(AceLabels.Scope, What),
            map.OptionalTime(AceLabels.ExpiresAt, What),
            OscoreInputMaterial.FromConfirmation(map, What),
            map.OptionalBytes(AceLabels.ClientToken, What),
            map.OptionalText(AceLabels.Issuer, What));
    }

    private static void WriteText(CborWriter writer, int label, string? value)
    {
        if (value is not null)
        {
            writer.WriteInt32(label);
            writer.WriteTextString(value);
        }
    }

    public override string ToString() =>
        $"IntrospectionResponse {{ Active = {Active}, Issuer = {Issuer}, Subject = {Subject}, Audience = {Audience}, Scope = {Scope}, ExpiresAt = {ExpiresAt:u}, keys = {(InputMaterial is null ? "no" : "yes")} }}";
}
