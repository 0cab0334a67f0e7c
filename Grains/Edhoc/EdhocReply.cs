namespace Eals.Grains.Edhoc;

/// <summary>
/// What the gateway sends back for an EDHOC request (RFC 9528 appendix A.2): a CoAP response code, the
/// payload (an EDHOC message, or an EDHOC error message), its Content-Format, and Max-Age for 5.03.
/// The full CMC resource answers with it too (a Full PKI Response, or a diagnostic text). <see cref="Owner"/>:
/// the pledge whose grain owns the OSCORE context the session made, so a gateway can route its requests there.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.edhoc-reply")]
public sealed record EdhocReply(
    [property: Id(0)] byte Code,
    [property: Id(1)] byte[] Payload,
    [property: Id(2)] ushort? ContentFormat,
    [property: Id(3)] uint? MaxAge = null,
    [property: Id(4)] string? Owner = null)
{
    public const byte Changed = 0x44;       // 2.04
    public const byte BadRequest = 0x80;    // 4.00
    public const byte Forbidden = 0x83;     // 4.03
    public const byte NotFound = 0x84;      // 4.04
    public const byte InternalError = 0xA0; // 5.00
    public const byte ServiceUnavailable = 0xA3; // 5.03

    public bool IsSuccess => Code >> 5 == 2;

    /// <summary>4.04 with an EDHOC error: no session under the connection identifier (the session grain's answer, and the gateway's for an identifier nobody issued).</summary>
    public static EdhocReply NoSession() => new(NotFound,
        new Protocol.Edhoc.EdhocFailure(Protocol.Edhoc.EdhocFailureKind.UnexpectedState, "no EDHOC session with this connection identifier").ToErrorMessage().Encode(),
        Protocol.Coap.CoapContentFormat.EdhocCborSeq);

    /// <summary>An answer whose payload is a diagnostic text (no Content-Format).</summary>
    public static EdhocReply Diagnostic(byte code, string text, uint? maxAge = null) => new(code, System.Text.Encoding.UTF8.GetBytes(text), null, maxAge);
}
