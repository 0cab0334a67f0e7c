using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.JoinProxy;

/// <summary>
/// Everything the join proxy needs to answer a pledge once the registrar's response comes back; it travels
/// sealed in the upstream request's token instead of in the proxy's memory.
/// </summary>
/// <param name="Pledge">Where the pledge's request came from, and where the answer goes.</param>
/// <param name="Type">The pledge request's type: a CON is answered with a piggybacked ACK, a NON with a NON.</param>
/// <param name="MessageId">The pledge request's Message ID, which the piggybacked ACK must carry.</param>
/// <param name="Token">The pledge's own token (at most <see cref="JoinProxyTokenCodec.MaxPledgeTokenLength"/> bytes).</param>
/// <param name="IssuedAt">When the proxy forwarded the request, in whole seconds of its monotonic clock.</param>
public readonly record struct ProxiedExchange(PeerAddress Pledge, CoapMessageType Type, ushort MessageId, ReadOnlyMemory<byte> Token, uint IssuedAt);
