using Eals.Protocol.Coap;

namespace Eals.Protocol.Edhoc.Transport;

/// <summary>
/// EDHOC over CoAP (RFC 9528 appendix A.2): messages travel in POST requests to
/// <c>/.well-known/edhoc</c> and their responses. A request payload is prefixed so the server can find
/// the session: <c>true</c> before message_1, the server's own connection identifier before later
/// messages (Content-Format 65, application/cid-edhoc+cbor-seq); responses carry the bare message
/// (Content-Format 64, application/edhoc+cbor-seq).
/// <code>
/// forward flow (client = Initiator)            reverse flow (client = Responder, as our pledges)
///   POST true ‖ message_1  -> message_2           POST (empty)         -> message_1
///   POST C_R ‖ message_3   -> message_4 / 2.04    POST C_I ‖ message_2 -> message_3 or error
/// </code>
/// </summary>
public static class EdhocCoapTransport
{
    /// <summary>The Uri-Path segments of the EDHOC resource.</summary>
    public static IReadOnlyList<string> ResourcePath { get; } = [".well-known", "edhoc"];

    /// <summary>Content-Format of a request payload with a <c>true</c> or C_x prefix.</summary>
    public const ushort RequestContentFormat = CoapContentFormat.CidEdhocCborSeq;

    /// <summary>Content-Format of a response payload (a bare EDHOC message or error).</summary>
    public const ushort ResponseContentFormat = CoapContentFormat.EdhocCborSeq;

    private const byte CborTrue = 0xf5;

    /// <summary>Forward flow: <c>true ‖ message_1</c>.</summary>
    public static byte[] Message1Request(ReadOnlySpan<byte> message1) => [CborTrue, .. message1];

    /// <summary>
    /// <c>C_x ‖ message</c>, with the identifier of the party that receives the request in its compact
    /// encoding: C_R before message_3 (forward flow), C_I before message_2 (reverse flow), and likewise
    /// before an error message.
    /// </summary>
    public static byte[] ContinuationRequest(ReadOnlySpan<byte> receiverConnectionId, ReadOnlySpan<byte> message) =>
        [.. EdhocCbor.EncodeIdentifier(receiverConnectionId), .. message];

    /// <summary>Splits a request payload; a prefix that is neither <c>true</c> nor a compact identifier is malformed.</summary>
    public static EdhocResult<EdhocCoapRequest> ParseRequest(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return new EdhocCoapRequest(EdhocCoapRequestKind.Trigger, null, []);
        }
        if (payload[0] == CborTrue)
        {
            return payload.Length > 1
                ? new EdhocCoapRequest(EdhocCoapRequestKind.Message1, null, payload[1..])
                : new EdhocFailure(EdhocFailureKind.MalformedMessage, "EDHOC request: 'true' without message_1");
        }
        try
        {
            var reader = EdhocCbor.Reader(payload);
            byte[] connectionId = EdhocCbor.ReadIdentifier(reader, "connection identifier prefix");
            int prefixLength = payload.Length - reader.BytesRemaining;
            EdhocCbor.RequireDeterministic(payload.AsSpan(0, prefixLength), "connection identifier prefix");
            return prefixLength < payload.Length
                ? new EdhocCoapRequest(EdhocCoapRequestKind.Continuation, connectionId, payload[prefixLength..])
                : new EdhocFailure(EdhocFailureKind.MalformedMessage, "EDHOC request: connection identifier without a message");
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
        catch (Exception e) when (e is System.Formats.Cbor.CborContentException or InvalidOperationException)
        {
            return new EdhocFailure(EdhocFailureKind.MalformedMessage, $"EDHOC request prefix: {e.Message}");
        }
    }
}
