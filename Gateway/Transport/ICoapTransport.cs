namespace Eals.Gateway.Transport;

/// <summary>Sends datagrams to peers. Implemented by the UDP transport and by in-memory transports in tests.</summary>
public interface ICoapTransport
{
    /// <summary>The address family of the peers this transport reaches.</summary>
    System.Net.Sockets.AddressFamily Family { get; }

    /// <summary>Sends one datagram; never throws for network errors (UDP is best effort; they are logged).</summary>
    void Send(PeerAddress peer, ReadOnlySpan<byte> datagram);
}
