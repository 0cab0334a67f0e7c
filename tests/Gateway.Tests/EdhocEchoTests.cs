using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>
/// Return routability before state at /.well-known/edhoc (RFC 9175 section 2.4): a trigger or forward message_1
/// without a fresh Echo bound to its sender gets 4.01 with Echo, no larger than its request, and no grain is
/// called; the same request echoing the value reaches the registrar; continuations are not challenged.
/// </summary>
public sealed class EdhocEchoTests
{
    private const string Site = "site-a";
    private static readonly PeerAddress Pledge = EndpointFixture.Client;
    private static readonly PeerAddress OtherPledge = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 40001));
    private static readonly byte[] RoutingSecret = Enumerable.Range(1, RoutingKeys.SecretLength).Select(i => (byte)i).ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
    private int _grainCalls;

    /// <summary>Thrown by every grain call: the request got past the gate (the endpoint answers it 5.00).</summary>
    private sealed class ReachedTheGrain : Exception;

    private EndpointFixture Gateway(string site = Site, byte[]? secret = null, IMeterFactory? meters = null, PledgeOrigins? origins = null)
    {
        var echo = new EchoChallenge(new RoutingKeys(secret ?? RoutingSecret).Echo, EchoChallenge.DefaultWindow, EchoChallenge.DefaultSkew);
        var grains = FailingGrainFactory.Throwing(() =>
        {
            Interlocked.Increment(ref _grainCalls);
            return new ReachedTheGrain();
        });
        var resource = new EdhocResource(grains, origins ?? site, new ContextOwners(_time), new RoutingKeys(secret ?? RoutingSecret), new ReturnRoutability(echo, _time, site, meters));
        return new EndpointFixture([resource], time: _time);
    }

    private static ushort _messageIds = 0x100;

    private static CoapMessage Post(byte[]? token = null, byte[]? payload = null, byte[]? echo = null)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc", token ?? [1, 2, 3, 4, 5, 6, 7, 8]);
        request.MessageId = ++_messageIds;
        if (payload is { Length: > 0 })
        {
            request.Payload = payload;
            request.SetUInt(CoapOptionNumber.ContentFormat, EdhocCoapTransport.RequestContentFormat);
        }
        if (echo is not null)
        {
            request.AddOption(CoapOptionNumber.Echo, echo);
        }
        return request;
    }

    private static async Task<(CoapMessage Response, int Size)> ExchangeAsync(EndpointFixture gateway, CoapMessage request, PeerAddress? from = null)
    {
        await gateway.ReceiveAsync(request, from);
        var datagram = await gateway.Transport.NextRawAsync();
        var parsed = CoapMessageParser.Parse(datagram);
        Assert.True(parsed.IsSuccess, $"malformed answer: {parsed.Error}");
        return (parsed.Message!, datagram.Length);
    }

    private static byte[] EchoOf(CoapMessage response)
    {
        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.True(response.TryGetOption(CoapOptionNumber.Echo, out var echo), "4.01 without Echo");
        return echo.Value.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(74)] // a join proxy's sealed token
    public async Task A_trigger_without_echo_gets_4_01_with_echo_no_larger_than_the_request_and_calls_no_grain(int tokenLength)
    {
        var gateway = Gateway();
        var trigger = Post(token: new byte[tokenLength]);

        var (response, size) = await ExchangeAsync(gateway, trigger);

        Assert.Equal(12, EchoOf(response).Length);
        Assert.Equal(trigger.Token.ToArray(), response.Token.ToArray());
        Assert.True(size <= CoapMessageSerializer.GetSize(trigger), $"4.01 of {size} bytes to a request of {CoapMessageSerializer.GetSize(trigger)}");
        Assert.Equal(0, _grainCalls);
    }

    [Fact]
    public async Task The_same_trigger_echoing_the_value_reaches_the_registrar()
    {
        var gateway = Gateway();
        var echo = EchoOf((await ExchangeAsync(gateway, Post())).Response);

        var (answer, _) = await ExchangeAsync(gateway, Post(echo: echo));

        Assert.Equal(CoapCode.InternalServerError, answer.Code); // the fake registrar's failure: the grain was called
        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task A_forward_message_1_needs_an_echo_too_and_its_diagnostic_fits()
    {
        var gateway = Gateway();
        var message1 = Post(payload: EdhocCoapTransport.Message1Request(new byte[40]));

        var (challenge, size) = await ExchangeAsync(gateway, message1);

        var echo = EchoOf(challenge);
        Assert.True(size <= CoapMessageSerializer.GetSize(message1));
        Assert.Equal("repeat with Echo", Encoding.UTF8.GetString(challenge.Payload.Span));
        Assert.Equal(0, _grainCalls);
        await ExchangeAsync(gateway, Post(payload: EdhocCoapTransport.Message1Request(new byte[40]), echo: echo));
        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task A_stale_echo_gets_a_new_challenge()
    {
        var gateway = Gateway();
        var echo = EchoOf((await ExchangeAsync(gateway, Post())).Response);
        _time.Advance(EchoChallenge.DefaultWindow + TimeSpan.FromSeconds(1));

        var (again, _) = await ExchangeAsync(gateway, Post(echo: echo));

        Assert.NotEqual(echo, EchoOf(again));
        Assert.Equal("stale Echo", Encoding.UTF8.GetString(again.Payload.Span));
        Assert.Equal(0, _grainCalls);
        await ExchangeAsync(gateway, Post(echo: EchoOf(again)));
        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task An_echo_another_address_received_is_refused()
    {
        var gateway = Gateway();
        var theirs = EchoOf((await ExchangeAsync(gateway, Post(), OtherPledge)).Response);

        var (refused, _) = await ExchangeAsync(gateway, Post(echo: theirs), Pledge);

        Assert.NotEqual(theirs, EchoOf(refused));
        Assert.Equal("invalid Echo", Encoding.UTF8.GetString(refused.Payload.Span));
        Assert.Equal(0, _grainCalls);
    }

    [Fact]
    public async Task A_tampered_or_foreign_keyed_echo_is_refused()
    {
        var gateway = Gateway();
        var echo = EchoOf((await ExchangeAsync(gateway, Post())).Response);
        echo[^1] ^= 1;
        var foreign = EchoOf((await ExchangeAsync(Gateway(secret: new byte[RoutingKeys.SecretLength]), Post())).Response);

        EchoOf((await ExchangeAsync(gateway, Post(echo: echo))).Response);
        EchoOf((await ExchangeAsync(gateway, Post(echo: foreign))).Response);
        EchoOf((await ExchangeAsync(gateway, Post(echo: [1, 2, 3]))).Response);

        Assert.Equal(0, _grainCalls);
    }

    [Fact]
    public async Task An_echo_from_one_gateway_is_accepted_at_another_of_the_deployment()
    {
        var first = Gateway("gateway-1");
        var second = Gateway("gateway-2");
        var echo = EchoOf((await ExchangeAsync(first, Post())).Response);

        await ExchangeAsync(second, Post(echo: echo));

        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task Behind_a_join_proxy_the_echo_is_bound_to_the_proxy_and_the_pledge_handle()
    {
        // 127.0.0.9 is a configured join proxy (Gateway:JoinProxies): its extended tokens name pledges by handle.
        var gateway = Gateway(origins: new PledgeOrigins(Site, PledgeOrigins.ParseJoinProxies(["127.0.0.9"])));
        byte[] handle = [1, 1, 1, 1, 1, 1, 1, 1];
        // The proxy seals a new token for every request; the handle (first 8 bytes) stays, its port may differ.
        byte[] Sealed(byte[] h, byte fill) => [.. h, .. Enumerable.Repeat(fill, 58)];
        var proxy = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5000));
        var proxyOtherSocket = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5001));
        var echo = EchoOf((await ExchangeAsync(gateway, Post(token: Sealed(handle, 1)), proxy)).Response);

        EchoOf((await ExchangeAsync(gateway, Post(token: Sealed([2, 2, 2, 2, 2, 2, 2, 2], 2), echo: echo), proxy)).Response);
        Assert.Equal(0, _grainCalls);
        await ExchangeAsync(gateway, Post(token: Sealed(handle, 3), echo: echo), proxyOtherSocket);
        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task Continuations_are_not_challenged()
    {
        var gateway = Gateway();

        await ExchangeAsync(gateway, Post(payload: EdhocCoapTransport.ContinuationRequest([0x07], [0x42, 0x00, 0x01])));

        Assert.Equal(1, _grainCalls);
    }

    [Fact]
    public async Task Every_outcome_is_counted_on_the_gateway_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == ReturnRoutability.CounterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string outcome = (string)tags.ToArray().Single(t => t.Key == "outcome").Value!;
            lock (counted)
            {
                counted[outcome] = counted.GetValueOrDefault(outcome) + value;
            }
        });
        listener.Start();
        var gateway = Gateway(meters: meters);

        var echo = EchoOf((await ExchangeAsync(gateway, Post())).Response);
        EchoOf((await ExchangeAsync(gateway, Post(echo: [1, 2, 3]))).Response);
        await ExchangeAsync(gateway, Post(echo: echo));
        _time.Advance(TimeSpan.FromMinutes(2));
        EchoOf((await ExchangeAsync(gateway, Post(echo: echo))).Response);

        Assert.Equal(new Dictionary<string, long> { ["missing"] = 1, ["invalid"] = 1, ["admitted"] = 1, ["stale"] = 1 }, counted);
    }
}
