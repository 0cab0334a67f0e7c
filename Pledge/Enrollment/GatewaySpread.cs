using Eals.Gateway.Transport;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// One registrar reached through several gateways: every datagram to it (first transmission,
/// retransmission, ACK) goes to a gateway picked at random, and answers from any of them count as the
/// registrar's. Shows that no gateway holds anything a pledge's next datagram depends on.
/// </summary>
public sealed class GatewaySpread(IReadOnlyList<PeerAddress> gateways) : IPeerRouting
{
    public PeerAddress Registrar => gateways[0];

    public PeerAddress Outbound(PeerAddress peer) =>
        peer.Equals(Registrar) ? gateways[Random.Shared.Next(gateways.Count)] : peer;

    public PeerAddress Inbound(PeerAddress sender) =>
        gateways.Contains(sender) ? Registrar : sender;
}
