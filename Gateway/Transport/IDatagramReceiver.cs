namespace Eals.Gateway.Transport;

/// <summary>
/// What a <see cref="UdpCoapTransport"/> feeds its datagrams to: the CoAP endpoint, or one side of the join proxy.
/// </summary>
public interface IDatagramReceiver
{
    /// <summary>Called once per transport before it receives, so the receiver can send on it unprompted.</summary>
    void Attach(ICoapTransport transport);

    /// <summary>
    /// Processes one datagram. When the returned task is not already complete, processing goes on
    /// asynchronously and the caller must keep <paramref name="datagram"/>'s memory untouched until it completes.
    /// </summary>
    ValueTask ProcessDatagramAsync(ICoapTransport transport, PeerAddress peer, ReadOnlyMemory<byte> datagram);
}
