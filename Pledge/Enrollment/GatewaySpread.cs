using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// One registrar reached through several gateways: every request to it (first transmission and
/// retransmissions) goes to a gateway picked at random, and answers from any of them count as the
/// registrar's. Shows that no gateway holds anything a pledge's next request depends on. With
/// <see cref="GatewaySpreading.Pledge"/> the requests go to one gateway, picked again at each <see cref="NextPledge"/>.
/// An ACK or RST goes back to the gateway whose Confirmable message it answers (RFC 7252 section 4.2: it
/// is matched by that endpoint's Message ID): a gateway waiting for the ACK of its separate response
/// holds its next one to this pledge until then (NSTART, section 4.7), so an ACK sent elsewhere would stall
/// the pledge for a whole retransmission budget. A load balancer keeps a flow on one backend alike.
/// </summary>
public sealed class GatewaySpread(IReadOnlyList<PeerAddress> gateways, GatewaySpreading spreading = GatewaySpreading.Datagram) : IPeerRouting
{
    // Which gateway (index + 1) last sent a Confirmable or Non-confirmable message with this Message ID.
    private readonly byte[] _senderOfMessageId = new byte[ushort.MaxValue + 1];

    private readonly PeerAddress[] _gateways = gateways.Count is > 0 and <= byte.MaxValue
        ? [.. gateways]
        : throw new ArgumentOutOfRangeException(nameof(gateways), gateways.Count, "1 to 255 gateways");

    private int _pinned = Random.Shared.Next(gateways.Count);

    public PeerAddress Registrar => _gateways[0];

    /// <summary>The next pledge begins: with <see cref="GatewaySpreading.Pledge"/> its requests go to a gateway picked now.</summary>
    public void NextPledge() => _pinned = Random.Shared.Next(_gateways.Length);

    public PeerAddress Outbound(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        if (!peer.Equals(Registrar))
        {
            return peer;
        }
        if (CoapMessageParser.TryReadHeader(datagram, out var header) && IsAnswer(header) && _senderOfMessageId[header.MessageId] is > 0 and var sender)
        {
            return _gateways[sender - 1];
        }
        return _gateways[spreading == GatewaySpreading.Pledge ? _pinned : Random.Shared.Next(_gateways.Length)];
    }

    public PeerAddress Inbound(PeerAddress sender, ReadOnlySpan<byte> datagram)
    {
        int index = Array.IndexOf(_gateways, sender);
        if (index < 0)
        {
            return sender;
        }
        if (CoapMessageParser.TryReadHeader(datagram, out var header) && !IsAnswer(header))
        {
            _senderOfMessageId[header.MessageId] = (byte)(index + 1);
        }
        return Registrar;
    }

    private static bool IsAnswer(CoapHeader header) => header.Type is CoapMessageType.Acknowledgement or CoapMessageType.Reset;
}
