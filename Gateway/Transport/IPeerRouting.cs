namespace Eals.Gateway.Transport;

/// <summary>
/// Maps the peer the message layer talks to onto the address a datagram really goes to or comes from.
/// The fleet simulator uses it to spread one pledge's requests (retransmissions included) over several
/// gateways that all stand for one registrar, as a device behind an anycast address or a load balancer sees.
/// Both directions see the datagram, so an answer (an ACK or RST) can go back where the message it answers came from.
/// </summary>
public interface IPeerRouting
{
    /// <summary>Where <paramref name="datagram"/>, for <paramref name="peer"/>, is sent.</summary>
    PeerAddress Outbound(PeerAddress peer, ReadOnlySpan<byte> datagram);

    /// <summary>Which peer <paramref name="datagram"/>, received from <paramref name="sender"/>, belongs to.</summary>
    PeerAddress Inbound(PeerAddress sender, ReadOnlySpan<byte> datagram);
}
