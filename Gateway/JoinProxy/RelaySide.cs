using Eals.Gateway.Transport;

namespace Eals.Gateway.JoinProxy;

/// <summary>One side of the join proxy as a UDP transport sees it: the pledge side or the registrar side of <see cref="JoinProxyRelay"/>.</summary>
internal sealed class RelaySide(Action<ICoapTransport> attach, Action<ICoapTransport, PeerAddress, ReadOnlyMemory<byte>> receive) : IDatagramReceiver
{
    public void Attach(ICoapTransport transport) => attach(transport);

    public ValueTask ProcessDatagramAsync(ICoapTransport transport, PeerAddress peer, ReadOnlyMemory<byte> datagram)
    {
        receive(transport, peer, datagram); // synchronous: the buffer is free again on return
        return default;
    }
}
