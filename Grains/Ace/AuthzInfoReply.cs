namespace Eals.Grains.Ace;

/// <summary>What the gateway sends back for POST /authz-info: a CoAP code, the payload (application/ace+cbor on success, a diagnostic otherwise) and Max-Age for 5.03.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.authz-info-reply")]
public sealed record AuthzInfoReply(
    [property: Id(0)] byte Code,
    [property: Id(1)] byte[] Payload,
    [property: Id(2)] uint? MaxAge = null)
{
    public const byte Created = 0x41;            // 2.01
    public const byte BadRequest = 0x80;         // 4.00
    public const byte Unauthorized = 0x81;       // 4.01
    public const byte Forbidden = 0x83;          // 4.03
    public const byte InternalError = 0xA0;      // 5.00
    public const byte ServiceUnavailable = 0xA3; // 5.03

    public bool IsSuccess => Code >> 5 == 2;

    public static AuthzInfoReply Error(byte code, string diagnostic, uint? maxAge = null) => new(code, System.Text.Encoding.UTF8.GetBytes(diagnostic), maxAge);
}
