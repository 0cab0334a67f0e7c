using Eals.Protocol.Coap;

namespace Eals.Gateway.Messaging;

/// <summary>One layer of request processing above the message layer (block-wise, routing, resources).</summary>
public interface ICoapRequestHandler
{
    /// <summary>Returns the response: its code, options and payload (type, Message ID and token are the message layer's).</summary>
    ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken);
}
