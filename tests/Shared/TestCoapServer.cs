using System.Net;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Gateway.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Tests.Shared;

/// <summary>
/// The gateway's CoAP stack (endpoint, block-wise layer, router) over real UDP sockets on 127.0.0.1 and ::1
/// with ephemeral ports, serving the resources a test registers.
/// </summary>
public sealed class TestCoapServer : IAsyncDisposable
{
    private readonly List<UdpCoapTransport> _transports = new();

    /// <param name="store">Block-wise state; by default this server's own <see cref="LocalStore"/>.</param>
    /// <param name="protectedHandler">What answers requests carrying an OSCORE option; none by default (4.02).</param>
    public TestCoapServer(IEnumerable<ICoapResource> resources, CoapEndpointOptions? options = null, TimeProvider? time = null, Func<LocalBlockwiseStore, IBlockwiseStore>? store = null, IProtectedRequestHandler? protectedHandler = null)
    {
        Options = options ?? new CoapEndpointOptions();
        var clock = time ?? TimeProvider.System;
        Router = new CoapResourceRouter(resources, protectedHandler);
        LocalStore = new LocalBlockwiseStore(Options, clock);
        Blockwise = new BlockwiseServerLayer(Router, Options, clock, store?.Invoke(LocalStore) ?? LocalStore);
        Endpoint = new CoapEndpoint(Options, Blockwise, clock, NullLogger<CoapEndpoint>.Instance);
        _transports.Add(UdpCoapTransport.Start(Endpoint, new IPEndPoint(IPAddress.Loopback, 0), 2, 1 << 20, NullLogger.Instance));
        try
        {
            _transports.Add(UdpCoapTransport.Start(Endpoint, new IPEndPoint(IPAddress.IPv6Loopback, 0), 2, 1 << 20, NullLogger.Instance));
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A host without IPv6 loopback: IPv4 only (tests that need ::1 check HasIPv6).
        }
    }

    public CoapEndpointOptions Options { get; }
    public CoapResourceRouter Router { get; }
    public LocalBlockwiseStore LocalStore { get; }
    public BlockwiseServerLayer Blockwise { get; }
    public CoapEndpoint Endpoint { get; }

    public IPEndPoint IPv4EndPoint => _transports[0].LocalEndPoint;
    public bool HasIPv6 => _transports.Count > 1;
    public IPEndPoint IPv6EndPoint => _transports[1].LocalEndPoint;
    public PeerAddress IPv4Peer => PeerAddress.FromEndPoint(IPv4EndPoint);

    public string Uri(string path) => $"coap://127.0.0.1:{IPv4EndPoint.Port}/{path.TrimStart('/')}";
    public string UriV6(string path) => $"coap://[::1]:{IPv6EndPoint.Port}/{path.TrimStart('/')}";

    public async ValueTask DisposeAsync()
    {
        Endpoint.Stop();
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync();
        }
    }
}
