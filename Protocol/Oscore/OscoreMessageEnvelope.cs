using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// Builds the messages OSCORE hands on: the header fields OSCORE leaves alone (type, Message ID, token)
/// come from the message being transformed or answered, code, options and payload are new.
/// </summary>
internal static class OscoreMessageEnvelope
{
    /// <summary>A message with <paramref name="like"/>'s type, Message ID and token, and the given code, options and payload.</summary>
    public static CoapMessage Copy(CoapMessage like, CoapCode code, ReadOnlyMemory<byte> payload, IEnumerable<CoapOption> options)
    {
        var message = new CoapMessage
        {
            Type = like.Type,
            Code = code,
            MessageId = like.MessageId,
            Token = like.Token,
            Payload = payload,
        };
        foreach (var option in options)
        {
            message.AddOption(option);
        }
        return message;
    }

    /// <summary>A response to <paramref name="request"/>: piggybacked on the ACK of a CON, else NON; same token.</summary>
    public static CoapMessage ResponseTo(CoapMessage request, CoapCode code) => new()
    {
        Type = request.Type == CoapMessageType.Confirmable ? CoapMessageType.Acknowledgement : CoapMessageType.NonConfirmable,
        Code = code,
        MessageId = request.MessageId,
        Token = request.Token,
    };
}
