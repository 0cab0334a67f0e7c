namespace Eals.Gateway.Transport;

/// <summary>
/// Maps the peer the message layer talks to onto the address a datagram really goes to or comes from.
/// The fleet simulator uses it to spread one pledge's datagrams (retransmissions included) over several
/// gateways that all stand for one registrar, as a device behind an anycast address or a load balancer sees.
/// </summary>
public interface IPeerRouting
{
    /// <summary>Where a datagram for <paramref name="peer"/> is sent.</summary>
    PeerAddress Outbound(PeerAddress peer);

    /// <summary>Which peer a datagram received from <paramref name="sender"/> belongs to.</summary>
    PeerAddress Inbound(PeerAddress sender);
}
