using System.Text;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>The endpoint as a client: tokens, Message IDs, retransmission, NSTART, separate responses (RFC 7252 4.2, 4.7, 5.2.2).</summary>
public sealed class ClientExchangeTests
{
    private readonly EndpointFixture _fixture = new([new TextResource("hello", "hi")]);

    private static CoapMessage Ack(CoapMessage request, CoapCode code, string payload = "")
        => new()
        {
            Type = CoapMessageType.Acknowledgement,
            Code = code,
            MessageId = request.MessageId,
            Token = request.Token.ToArray(),
            Payload = Encoding.UTF8.GetBytes(payload),
        };

    [Fact]
    public async Task Request_gets_a_fresh_token_and_completes_with_the_piggybacked_response()
    {
        var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "x"));
        var sent = await _fixture.Transport.NextAsync();
        Assert.Equal(8, sent.Token.Length);

        await _fixture.ReceiveAsync(Ack(sent, CoapCode.Content, "value"));
        var response = await pending;

        Assert.Equal("value", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(0, _fixture.Endpoint.PendingClientExchanges);
    }

    [Fact]
    public async Task Response_with_another_token_does_not_complete_the_request()
    {
        var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "x"));
        var sent = await _fixture.Transport.NextAsync();

        var forged = Ack(sent, CoapCode.Content, "forged");
        forged.Token = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        await _fixture.ReceiveAsync(forged);

        Assert.False(pending.IsCompleted);
        await _fixture.ReceiveAsync(Ack(sent, CoapCode.Content, "real"));
        Assert.Equal("real", Encoding.UTF8.GetString((await pending).Payload.Span));
    }

    [Fact]
    public async Task Separate_response_is_acknowledged_and_delivered_once()
    {
        var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "x"));
        var sent = await _fixture.Transport.NextAsync();
        await _fixture.ReceiveAsync([0x60, 0x00, (byte)(sent.MessageId >> 8), (byte)sent.MessageId]);
        Assert.False(pending.IsCompleted);

        var separate = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Content, MessageId = 0x7777, Token = sent.Token.ToArray(), Payload = "later"u8.ToArray() };
        await _fixture.ReceiveAsync(separate);
        var ack = await _fixture.Transport.NextRawAsync();
        Assert.Equal(new byte[] { 0x60, 0x00, 0x77, 0x77 }, ack);
        Assert.Equal("later", Encoding.UTF8.GetString((await pending).Payload.Span));

        await _fixture.ReceiveAsync(separate); // the peer lost our ACK and retransmits
        Assert.Equal(new byte[] { 0x60, 0x00, 0x77, 0x77 }, await _fixture.Transport.NextRawAsync());
    }

    [Fact]
    public async Task Unexpected_confirmable_response_is_rejected_with_reset()
    {
        var stray = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Content, MessageId = 0x0102, Token = new byte[] { 9 } };

        await _fixture.ReceiveAsync(stray);

        Assert.Equal(new byte[] { 0x70, 0x00, 0x01, 0x02 }, await _fixture.Transport.NextRawAsync());
    }

    [Fact]
    public async Task Reset_fails_the_request()
    {
        var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "x"));
        var sent = await _fixture.Transport.NextAsync();

        await _fixture.ReceiveAsync([0x70, 0x00, (byte)(sent.MessageId >> 8), (byte)sent.MessageId]);

        await Assert.ThrowsAsync<CoapRequestException>(() => pending);
    }

    [Fact]
    public async Task Unanswered_request_is_sent_five_times_then_times_out()
    {
        var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "x"));
        var first = await _fixture.Transport.NextAsync();
        for (int i = 0; i < 4; i++)
        {
            _fixture.Time.Advance(TimeSpan.FromSeconds(3 << i));
            var again = await _fixture.Transport.NextAsync();
            Assert.Equal(first.MessageId, again.MessageId);
        }
        _fixture.Time.Advance(TimeSpan.FromSeconds(48));

        await Assert.ThrowsAsync<TimeoutException>(() => pending);
    }

    [Fact]
    public async Task Nstart_holds_a_second_confirmable_to_the_same_peer_until_the_first_is_acknowledged()
    {
        var first = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "a"));
        var firstSent = await _fixture.Transport.NextAsync();
        var second = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "b"));

        Assert.False(_fixture.Transport.TryTake(out _));

        await _fixture.ReceiveAsync(Ack(firstSent, CoapCode.Content));
        await first;
        var secondSent = await _fixture.Transport.NextAsync();
        Assert.Equal("b", secondSent.GetPath());
        await _fixture.ReceiveAsync(Ack(secondSent, CoapCode.Content));
        await second;
        Assert.Equal(0, _fixture.Endpoint.Confirmables.TrackedPeers);
    }

    [Fact]
    public async Task Message_ids_of_consecutive_requests_differ()
    {
        var ids = new HashSet<ushort>();
        for (int i = 0; i < 5; i++)
        {
            var pending = _fixture.Endpoint.SendRequestAsync(EndpointFixture.Client, CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Get, "x"));
            var sent = await _fixture.Transport.NextAsync();
            ids.Add(sent.MessageId);
            var response = new CoapMessage { Type = CoapMessageType.NonConfirmable, Code = CoapCode.Content, MessageId = (ushort)(900 + i), Token = sent.Token.ToArray() };
            await _fixture.ReceiveAsync(response);
            await pending;
        }
        Assert.Equal(5, ids.Count);
    }
}
