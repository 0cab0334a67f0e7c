using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Benchmarks;

/// <summary>
/// The gateway's whole in-memory path for one request: parse, de-duplication, option checks, block-wise layer,
/// routing, resource, serialise, send. Message IDs and peers vary so de-duplication never short-circuits.
/// </summary>
[MemoryDiagnoser]
public class EndpointBenchmarks
{
    private readonly CoapEndpoint _endpoint;
    private readonly DiscardingTransport _transport = new();
    private readonly byte[][] _datagrams;
    private readonly PeerAddress[] _peers;
    private int _next;

    public EndpointBenchmarks()
    {
        var options = new CoapEndpointOptions();
        var router = new CoapResourceRouter([new TimeResource(TimeProvider.System)]);
        _endpoint = new CoapEndpoint(options, new BlockwiseServerLayer(router, options, TimeProvider.System), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        _datagrams = Enumerable.Range(0, 65536).Select(id =>
        {
            var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/time", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            request.MessageId = (ushort)id;
            return CoapMessageSerializer.Serialize(request);
        }).ToArray();
        _peers = Enumerable.Range(0, 1024).Select(port => PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 10_000 + port))).ToArray();
    }

    [Benchmark]
    public ValueTask SmallGet()
    {
        int n = _next++;
        return _endpoint.ProcessDatagramAsync(_transport, _peers[(n >> 16) & 1023], _datagrams[n & 0xFFFF]);
    }

    private sealed class DiscardingTransport : ICoapTransport
    {
        public AddressFamily Family => AddressFamily.InterNetwork;

        public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
        {
        }
    }
}
