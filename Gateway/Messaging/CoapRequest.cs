using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Messaging;

/// <summary>
/// A request as a resource sees it: the message, who sent it, and its body (the payload, or the body
/// reassembled from Block1 blocks). Valid until the handler's returned task completes.
/// </summary>
public sealed class CoapRequest
{
    public CoapRequest(PeerAddress peer, CoapMessage message)
    {
        Peer = peer;
        Message = message;
        Body = message.Payload;
    }

    public PeerAddress Peer { get; }
    public CoapMessage Message { get; }
    public ReadOnlyMemory<byte> Body { get; set; }
    public CoapCode Method => Message.Code;

    /// <summary>Set by the block-wise layer so the final response can carry the Block1 echo.</summary>
    public Protocol.Coap.Blockwise.BlockOption? Block1Echo { get; set; }
}
