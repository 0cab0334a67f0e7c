using Eals.Gateway.Transport;

namespace Eals.Gateway.JoinProxy;

/// <summary>The socket pledges reach the join proxy on feeds <see cref="JoinProxyRelay.FromPledge"/>.</summary>
internal sealed class PledgeFacingReceiver(JoinProxyRelay relay) : IDatagramReceiver
{
    public void Attach(ICoapTransport transport) => relay.AttachPledgeTransport(transport);

    public ValueTask ProcessDatagramAsync(ICoapTransport transport, PeerAddress peer, ReadOnlyMemory<byte> datagram)
    {
        relay.FromPledge(transport, peer, datagram);
        return default;
    }
}
