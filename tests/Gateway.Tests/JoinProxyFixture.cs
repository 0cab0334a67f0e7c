using System.Net;
using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>A join proxy relay on in-memory transports and a fake clock: pledges on one side, the registrar's gateway on the other.</summary>
public sealed class JoinProxyFixture : IDisposable
{
    public static readonly PeerAddress Registrar = Peer("127.0.0.1", 5683);
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(247);

    public JoinProxyFixture(double rate = 1000, int burst = 1000, int upstreamSockets = 1)
    {
        Codec = new JoinProxyTokenCodec(Key(1), SystemRandomSource.Instance);
        Relay = CreateRelay(Codec, Time, rate, burst);
        Relay.PledgeSide.Attach(Pledges);
        Upstreams = Enumerable.Range(0, upstreamSockets).Select(_ => new InMemoryTransport()).ToArray();
        foreach (var upstream in Upstreams)
        {
            Relay.RegistrarSide.Attach(upstream);
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    public JoinProxyTokenCodec Codec { get; }
    public JoinProxyRelay Relay { get; }
    public InMemoryTransport Pledges { get; } = new();
    public InMemoryTransport[] Upstreams { get; }
    public InMemoryTransport Upstream => Upstreams[0];

    /// <summary>A relay towards <see cref="Registrar"/> with no transports attached yet.</summary>
    public static JoinProxyRelay CreateRelay(JoinProxyTokenCodec codec, TimeProvider time, double rate = 1e6, int burst = 1_000_000)
        => new(codec, new JoinProxyRateLimit(rate, burst, time), Registrar, Lifetime, time, SystemRandomSource.Instance, NullLogger<JoinProxyRelay>.Instance);

    public static PeerAddress Peer(string address, int port) => PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));

    public static byte[] Key(byte fill) => Enumerable.Repeat(fill, JoinProxyTokenCodec.KeyLength).ToArray();

    public void FromPledge(PeerAddress pledge, CoapMessage message) => Relay.FromPledge(Pledges, pledge, CoapMessageSerializer.Serialize(message));

    public void FromRegistrar(CoapMessage message, PeerAddress? from = null) => Relay.FromRegistrar(Upstream, from ?? Registrar, CoapMessageSerializer.Serialize(message));

    /// <summary>The request the proxy sent upstream, parsed; fails if none.</summary>
    public CoapMessage Forwarded()
    {
        var (peer, datagram) = Upstream.Take();
        Assert.Equal(Registrar, peer);
        var parsed = CoapMessageParser.Parse(datagram);
        Assert.True(parsed.IsSuccess, $"the proxy sent a malformed datagram: {parsed.Error}");
        return parsed.Message;
    }

    /// <summary>What the proxy sent to a pledge, with the pledge it went to; fails if none.</summary>
    public (PeerAddress Pledge, CoapMessage Message) Answered()
    {
        Assert.True(Pledges.TryTake(out var peer, out var message), "the proxy answered no pledge");
        return (peer, message!);
    }

    /// <summary>The registrar's response to a forwarded request: same token, as the gateway answers a NON.</summary>
    public static CoapMessage ResponseTo(CoapMessage forwarded, CoapCode code, string payload, CoapMessageType type = CoapMessageType.NonConfirmable)
        => new() { Type = type, Code = code, MessageId = 0x7001, Token = forwarded.Token, Payload = System.Text.Encoding.UTF8.GetBytes(payload) };

    public static CoapMessage Request(CoapMessageType type, ushort messageId, byte[] token, string path = ".well-known/edhoc", string payload = "")
    {
        var request = CoapMessage.Request(type, CoapCode.Post, path, token);
        request.MessageId = messageId;
        request.Payload = System.Text.Encoding.UTF8.GetBytes(payload);
        return request;
    }

    public void Dispose() => Codec.Dispose();
}
