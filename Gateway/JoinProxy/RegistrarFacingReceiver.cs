using Eals.Gateway.Transport;

namespace Eals.Gateway.JoinProxy;

/// <summary>The sockets requests leave by feed the registrar's responses to <see cref="JoinProxyRelay.FromRegistrar"/>.</summary>
internal sealed class RegistrarFacingReceiver(JoinProxyRelay relay) : IDatagramReceiver
{
    public void Attach(ICoapTransport transport) => relay.AttachUpstreamTransport(transport);

    public ValueTask ProcessDatagramAsync(ICoapTransport transport, PeerAddress peer, ReadOnlyMemory<byte> datagram)
    {
        relay.FromRegistrar(transport, peer, datagram);
        return default;
    }
}
