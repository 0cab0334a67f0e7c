using System.Net;
using System.Net.Sockets;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// One pledge-side CoAP endpoint on its own UDP socket (as a device would have), talking to a registrar.
/// <see cref="UdpCoapTransport.SimulatedLoss"/> makes the network lossy both ways.
/// </summary>
public sealed class RegistrarConnection : IAsyncDisposable
{
    private readonly CoapEndpoint _endpoint;
    private readonly UdpCoapTransport _transport;
    private readonly GatewaySpread? _spread;

    private RegistrarConnection(CoapEndpoint endpoint, UdpCoapTransport transport, GatewaySpread? spread, PeerAddress registrar, int blockSize)
    {
        _endpoint = endpoint;
        _transport = transport;
        _spread = spread;
        Registrar = registrar;
        Client = new CoapClient(endpoint, blockSize);
    }

    public CoapClient Client { get; }

    public PeerAddress Registrar { get; }

    public static Task<RegistrarConnection> OpenAsync(Uri registrar, double loss = 0, CoapTransmissionParameters? transmission = null, int blockSize = 1024)
        => OpenAsync([registrar], loss, transmission, blockSize);

    /// <summary>
    /// With several <paramref name="gateways"/> (one registrar behind all of them, same address family),
    /// each request goes to one of them at random, or each pledge's to one (<see cref="GatewaySpread"/>, <paramref name="spreading"/>).
    /// </summary>
    public static async Task<RegistrarConnection> OpenAsync(IReadOnlyList<Uri> gateways, double loss = 0, CoapTransmissionParameters? transmission = null, int blockSize = 1024,
        GatewaySpreading spreading = GatewaySpreading.Datagram)
    {
        var servers = new List<IPEndPoint>();
        foreach (var gateway in gateways)
        {
            var resolved = IPAddress.TryParse(gateway.DnsSafeHost, out var literal) ? literal : (await Dns.GetHostAddressesAsync(gateway.DnsSafeHost).ConfigureAwait(false)).First();
            servers.Add(new IPEndPoint(resolved, gateway.Port > 0 ? gateway.Port : 5683));
        }
        var address = servers[0].Address;
        var server = servers[0];
        var options = new CoapEndpointOptions { Transmission = transmission ?? CoapTransmissionParameters.Default };
        var endpoint = new CoapEndpoint(options, new ServesNothing(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        var bindTo = new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var transport = UdpCoapTransport.Start(endpoint, bindTo, receiveLoops: 1, socketBufferBytes: 256 * 1024, NullLogger.Instance);
        transport.SimulatedLoss = loss;
        var spread = servers.Count > 1 ? new GatewaySpread(servers.Select(PeerAddress.FromEndPoint).ToList(), spreading) : null;
        transport.Routing = spread;
        return new RegistrarConnection(endpoint, transport, spread, PeerAddress.FromEndPoint(server), blockSize);
    }

    /// <summary>A new pledge starts on this connection (with several gateways spread per pledge, it gets a gateway of its own).</summary>
    public void NextPledge() => _spread?.NextPledge();

    public async ValueTask DisposeAsync()
    {
        _endpoint.Stop();
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A pledge only asks; requests arriving at it are not served.</summary>
    private sealed class ServesNothing : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "a pledge serves nothing"));
    }
}
