using System.Net;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>
/// An endpoint with block-wise layer and router, on an in-memory transport and a fake clock; block-wise state
/// in a store of its own, or in <c>store</c> (several fixtures sharing one are gateways of one cluster).
/// </summary>
public sealed class EndpointFixture
{
    public static readonly PeerAddress Client = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 40000));

    public EndpointFixture(IEnumerable<ICoapResource> resources, CoapEndpointOptions? options = null, IBlockwiseStore? store = null, FakeTimeProvider? time = null)
    {
        Options = options ?? new CoapEndpointOptions();
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        Router = new CoapResourceRouter(resources);
        Store = store ?? new LocalBlockwiseStore(Options, Time);
        Blockwise = new BlockwiseServerLayer(Router, Options, Time, Store);
        Endpoint = new CoapEndpoint(Options, Blockwise, Time, NullLogger<CoapEndpoint>.Instance);
        Endpoint.Attach(Transport);
    }

    public FakeTimeProvider Time { get; }
    public InMemoryTransport Transport { get; } = new();
    public CoapEndpointOptions Options { get; }
    public CoapResourceRouter Router { get; }
    public IBlockwiseStore Store { get; }
    public LocalBlockwiseStore LocalStore => (LocalBlockwiseStore)Store;
    public BlockwiseServerLayer Blockwise { get; }
    public CoapEndpoint Endpoint { get; }

    public ValueTask ReceiveAsync(byte[] datagram, PeerAddress? from = null)
        => Endpoint.ProcessDatagramAsync(Transport, from ?? Client, datagram);

    public ValueTask ReceiveAsync(CoapMessage message, PeerAddress? from = null)
        => ReceiveAsync(CoapMessageSerializer.Serialize(message), from);

    /// <summary>Sends the request and returns the one datagram sent back.</summary>
    public async Task<CoapMessage> ExchangeAsync(CoapMessage request, PeerAddress? from = null)
    {
        await ReceiveAsync(request, from);
        return await Transport.NextAsync();
    }

    public static CoapMessage Con(CoapCode method, string path, ushort messageId, params CoapOption[] options)
    {
        var message = CoapMessage.Request(CoapMessageType.Confirmable, method, path, new byte[] { 0xA1, 0xB2 });
        message.MessageId = messageId;
        foreach (var option in options)
        {
            message.AddOption(option);
        }
        return message;
    }

    public static CoapMessage Non(CoapCode method, string path, ushort messageId)
    {
        var message = Con(method, path, messageId);
        message.Type = CoapMessageType.NonConfirmable;
        return message;
    }
}
