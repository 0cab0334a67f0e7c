using System.Text;
using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Eals.Protocol.Crypto;

namespace Eals.Gateway.Tests;

/// <summary>The stateless join proxy between in-memory pledges and an in-memory registrar: CON/NON mapping, tampering, freshness, rate limit.</summary>
public sealed class JoinProxyRelayTests : IDisposable
{
    private static readonly PeerAddress Pledge = JoinProxyFixture.Peer("10.0.0.7", 40001);
    private static readonly byte[] PledgeToken = [0xA1, 0xB2, 0xC3];

    private readonly JoinProxyFixture _proxy = new();

    public void Dispose() => _proxy.Dispose();

    [Fact]
    public void A_CON_request_goes_upstream_as_NON_with_a_sealed_token_and_the_answer_comes_back_piggybacked()
    {
        var request = JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x1234, PledgeToken, payload: "message_2");
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 65000));

        _proxy.FromPledge(Pledge, request);

        var forwarded = _proxy.Forwarded();
        Assert.Equal(CoapMessageType.NonConfirmable, forwarded.Type);
        Assert.Equal(JoinProxyTokenCodec.SealedLength(PledgeToken.Length), forwarded.Token.Length);
        Span<byte> handle = stackalloc byte[8];
        _proxy.Codec.WriteHandle(Pledge, handle);
        Assert.Equal(handle.ToArray(), forwarded.Token[..8].ToArray());
        Assert.Equal(request.Options, forwarded.Options);
        Assert.Equal("message_2", Encoding.UTF8.GetString(forwarded.Payload.Span));
        Assert.Equal(0, _proxy.Pledges.Pending);

        var response = JoinProxyFixture.ResponseTo(forwarded, CoapCode.Changed, "message_3");
        response.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 65000));
        _proxy.FromRegistrar(response);

        var (to, answer) = _proxy.Answered();
        Assert.Equal(Pledge, to);
        Assert.Equal(CoapMessageType.Acknowledgement, answer.Type);
        Assert.Equal(0x1234, answer.MessageId);
        Assert.Equal(PledgeToken, answer.Token.ToArray());
        Assert.Equal(CoapCode.Changed, answer.Code);
        Assert.Equal(response.Options, answer.Options);
        Assert.Equal("message_3", Encoding.UTF8.GetString(answer.Payload.Span));
        Assert.Equal((1, 1), (_proxy.Relay.Statistics.Forwarded, _proxy.Relay.Statistics.Relayed));
    }

    [Fact]
    public void A_NON_request_is_answered_with_a_NON()
    {
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.NonConfirmable, 0x2222, PledgeToken));
        _proxy.FromRegistrar(JoinProxyFixture.ResponseTo(_proxy.Forwarded(), CoapCode.Content, "x"));

        var (to, answer) = _proxy.Answered();
        Assert.Equal(Pledge, to);
        Assert.Equal(CoapMessageType.NonConfirmable, answer.Type);
        Assert.Equal(PledgeToken, answer.Token.ToArray());
    }

    [Fact]
    public void A_separate_CON_response_is_acknowledged_upstream_and_relayed()
    {
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x3333, PledgeToken));
        var response = JoinProxyFixture.ResponseTo(_proxy.Forwarded(), CoapCode.Changed, "late", CoapMessageType.Confirmable);

        _proxy.FromRegistrar(response);

        var (peer, ack) = _proxy.Upstream.Take();
        Assert.Equal(JoinProxyFixture.Registrar, peer);
        Assert.Equal(new byte[] { 0x60, 0x00, 0x70, 0x01 }, ack); // empty ACK, Message ID 0x7001
        var (_, answer) = _proxy.Answered();
        Assert.Equal((CoapMessageType.Acknowledgement, (ushort)0x3333), (answer.Type, answer.MessageId));
    }

    [Fact]
    public void A_pledge_retransmission_is_forwarded_again_with_a_fresh_token_and_the_same_handle()
    {
        var request = JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x4444, PledgeToken);

        _proxy.FromPledge(Pledge, request);
        _proxy.FromPledge(Pledge, request);

        var first = _proxy.Forwarded();
        var second = _proxy.Forwarded();
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(first.Token[..8].ToArray(), second.Token[..8].ToArray());
        Assert.NotEqual(first.Token.ToArray(), second.Token.ToArray());
    }

    [Fact]
    public void Responses_whose_token_does_not_authenticate_are_dropped_and_counted()
    {
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x5555, PledgeToken));
        var forwarded = _proxy.Forwarded();
        var tampered = forwarded.Token.ToArray();
        tampered[^1] ^= 0x01;
        using var otherProxy = new JoinProxyTokenCodec(JoinProxyFixture.Key(9), SystemRandomSource.Instance);
        var foreign = otherProxy.Seal(new ProxiedExchange(Pledge, CoapMessageType.Confirmable, 0x5555, PledgeToken, 0));

        foreach (var token in new[] { tampered, foreign, PledgeToken, tampered[..^4] })
        {
            _proxy.FromRegistrar(new CoapMessage { Type = CoapMessageType.NonConfirmable, Code = CoapCode.Changed, MessageId = 9, Token = token });
        }
        _proxy.FromRegistrar(new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Changed, MessageId = 10, Token = tampered });

        Assert.Equal(0, _proxy.Pledges.Pending);
        Assert.Equal(5, _proxy.Relay.Statistics.Unauthenticated);
        Assert.Equal(new byte[] { 0x70, 0x00, 0x00, 0x0A }, _proxy.Upstream.Take().Datagram); // the forged CON is rejected with RST
        Assert.Equal(0, _proxy.Upstream.Pending);
    }

    [Fact]
    public void A_genuine_response_from_anyone_but_the_registrar_is_ignored()
    {
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x5656, PledgeToken));

        _proxy.FromRegistrar(JoinProxyFixture.ResponseTo(_proxy.Forwarded(), CoapCode.Changed, "spoofed"), JoinProxyFixture.Peer("127.0.0.1", 5700));

        Assert.Equal(0, _proxy.Pledges.Pending);
        Assert.Equal(1, _proxy.Relay.Statistics.Ignored);
    }

    [Fact]
    public void A_response_older_than_the_lifetime_is_dropped_as_a_replay()
    {
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x6666, PledgeToken));
        var response = JoinProxyFixture.ResponseTo(_proxy.Forwarded(), CoapCode.Changed, "old");

        _proxy.Time.Advance(JoinProxyFixture.Lifetime + TimeSpan.FromSeconds(2));
        _proxy.FromRegistrar(response);

        Assert.Equal(0, _proxy.Pledges.Pending);
        Assert.Equal(1, _proxy.Relay.Statistics.Expired);
    }

    [Fact]
    public void Block_wise_options_and_payloads_pass_unchanged_both_ways()
    {
        var block = new byte[64];
        Random.Shared.NextBytes(block);
        var request = JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x7777, PledgeToken, ".well-known/est/sen");
        request.Payload = block;
        request.AddOption(new BlockOption(2, true, 2).ToOption(CoapOptionNumber.Block1));
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.Size1, 1000));
        request.AddOption(new CoapOption(CoapOptionNumber.RequestTag, new byte[] { 7 }));

        _proxy.FromPledge(Pledge, request);
        var forwarded = _proxy.Forwarded();
        var response = JoinProxyFixture.ResponseTo(forwarded, CoapCode.Continue, "");
        response.AddOption(new BlockOption(2, true, 2).ToOption(CoapOptionNumber.Block1));
        _proxy.FromRegistrar(response);

        Assert.Equal(request.Options, forwarded.Options);
        Assert.Equal(block, forwarded.Payload.ToArray());
        var (_, answer) = _proxy.Answered();
        Assert.Equal(CoapCode.Continue, answer.Code);
        Assert.Equal(response.Options, answer.Options);
    }

    [Fact]
    public void Over_the_rate_limit_the_proxy_answers_5_03_with_max_age_itself_and_forwards_nothing()
    {
        using var proxy = new JoinProxyFixture(rate: 0.5, burst: 3);
        for (ushort id = 1; id <= 5; id++)
        {
            proxy.FromPledge(JoinProxyFixture.Peer("10.0.0.7", 40000 + id), JoinProxyFixture.Request(CoapMessageType.Confirmable, id, [(byte)id]));
        }

        Assert.Equal(3, proxy.Upstream.Pending);
        Assert.Equal((3, 2), (proxy.Relay.Statistics.Forwarded, proxy.Relay.Statistics.RateLimited));
        for (ushort id = 4; id <= 5; id++)
        {
            var (to, busy) = proxy.Answered();
            Assert.Equal(JoinProxyFixture.Peer("10.0.0.7", 40000 + id), to);
            Assert.Equal((CoapMessageType.Acknowledgement, id, CoapCode.ServiceUnavailable), (busy.Type, busy.MessageId, busy.Code));
            Assert.Equal(new[] { (byte)id }, busy.Token.ToArray());
            Assert.True(busy.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge));
            Assert.Equal(2u, maxAge); // one token every 2 s
            Assert.Contains("retry in 2 s", Encoding.UTF8.GetString(busy.Payload.Span), StringComparison.Ordinal);
        }

        proxy.Time.Advance(TimeSpan.FromSeconds(2));
        proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.NonConfirmable, 6, PledgeToken));
        Assert.Equal(4, proxy.Upstream.Pending);
    }

    [Fact]
    public void Pings_malformed_CONs_and_over_long_pledge_tokens_are_answered_by_the_proxy_and_not_forwarded()
    {
        _proxy.Relay.FromPledge(_proxy.Pledges, Pledge, new byte[] { 0x40, 0x00, 0x00, 0x2A });              // CoAP ping
        _proxy.Relay.FromPledge(_proxy.Pledges, Pledge, new byte[] { 0x41, 0x02, 0x00, 0x2B });              // CON, token missing
        _proxy.FromPledge(Pledge, JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x2C, new byte[9]));

        Assert.Equal(new byte[] { 0x70, 0x00, 0x00, 0x2A }, _proxy.Pledges.Take().Datagram);
        Assert.Equal(new byte[] { 0x70, 0x00, 0x00, 0x2B }, _proxy.Pledges.Take().Datagram);
        var (_, refused) = _proxy.Answered();
        Assert.Equal((CoapMessageType.Acknowledgement, (ushort)0x2C, CoapCode.BadRequest), (refused.Type, refused.MessageId, refused.Code));
        Assert.Equal(0, _proxy.Upstream.Pending);
        Assert.Equal(0, _proxy.Relay.Statistics.Forwarded);
    }

    [Fact]
    public void Proxy_scheme_ends_at_the_proxy()
    {
        var request = JoinProxyFixture.Request(CoapMessageType.Confirmable, 0x3939, PledgeToken);
        request.AddOption(new CoapOption(CoapOptionNumber.ProxyScheme, "coap"u8.ToArray()));

        _proxy.FromPledge(Pledge, request);

        Assert.False(_proxy.Forwarded().HasOption(CoapOptionNumber.ProxyScheme));
    }

    [Fact]
    public void No_upstream_socket_repeats_a_message_id_before_every_socket_has_used_all_65536()
    {
        var recorders = new[] { new MessageIdRecorder(), new MessageIdRecorder() };
        using var codec = new JoinProxyTokenCodec(JoinProxyFixture.Key(1), SystemRandomSource.Instance);
        var relay = JoinProxyFixture.CreateRelay(codec, TimeProvider.System);
        relay.PledgeSide.Attach(new InMemoryTransport());
        foreach (var recorder in recorders)
        {
            relay.RegistrarSide.Attach(recorder);
        }
        var datagram = CoapMessageSerializer.Serialize(JoinProxyFixture.Request(CoapMessageType.NonConfirmable, 1, PledgeToken));

        for (int i = 0; i < 2 * 65536; i++)
        {
            relay.FromPledge(new InMemoryTransport(), Pledge, datagram);
        }

        Assert.All(recorders, r => Assert.Equal(0, r.Repeats));
        Assert.Equal(2 * 65536, recorders.Sum(r => r.Count));
        Assert.Equal(2, relay.UpstreamSockets);
    }

    [Theory]
    [InlineData(50, 100, 1)]
    [InlineData(451, 100, 1)]     // 451/s x 145 s + 100 < 65536
    [InlineData(1000, 100, 3)]
    [InlineData(100_000, 1000, 222)]
    public void Upstream_sockets_follow_from_rate_and_burst(double rate, int burst, int sockets)
    {
        Assert.Equal(sockets, new JoinProxyOptions { Rate = rate, Burst = burst }.UpstreamSocketCount(CoapTransmissionParameters.Default));
    }

    [Fact]
    public void The_options_validator_names_what_to_fix()
    {
        var result = new JoinProxyOptionsValidator().Validate(null, new JoinProxyOptions { Upstream = "registrar", Address = "x", Rate = 200_000 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("JoinProxy:Upstream", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("JoinProxy:Address", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("JoinProxy:Rate", StringComparison.Ordinal));
        Assert.True(new JoinProxyOptionsValidator().Validate(null, new JoinProxyOptions()).Succeeded);
    }
}
