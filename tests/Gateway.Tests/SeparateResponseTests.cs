using System.Text;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>RFC 7252 sections 5.2.2 and 4.2: empty ACK, then a Confirmable response retransmitted until acknowledged.</summary>
public sealed class SeparateResponseTests
{
    private readonly ControlledResource _slow = new();
    private readonly EndpointFixture _fixture;

    public SeparateResponseTests() => _fixture = new EndpointFixture([_slow]);

    private async Task<(ValueTask Processing, CoapMessage EmptyAck)> StartSlowRequestAsync(ushort messageId)
    {
        var processing = _fixture.ReceiveAsync(EndpointFixture.Con(CoapCode.Get, "slow", messageId));
        Assert.False(processing.IsCompleted);
        await _slow.Started;
        Assert.Equal(0, _fixture.Transport.SentCount);
        _fixture.Time.Advance(_fixture.Options.SeparateResponseAfter);
        var emptyAck = await _fixture.Transport.NextAsync();
        return (processing, emptyAck);
    }

    [Fact]
    public async Task Slow_handler_gets_an_empty_ack_then_a_confirmable_response_with_the_same_token()
    {
        var (_, emptyAck) = await StartSlowRequestAsync(0x2000);
        Assert.True(emptyAck.IsEmpty);
        Assert.Equal(CoapMessageType.Acknowledgement, emptyAck.Type);
        Assert.Equal(0x2000, emptyAck.MessageId);

        _slow.Complete(CoapResponses.Create(CoapCode.Content, Encoding.UTF8.GetBytes("late")));
        var response = await _fixture.Transport.NextAsync();

        Assert.Equal(CoapMessageType.Confirmable, response.Type);
        Assert.NotEqual(0x2000, response.MessageId);
        Assert.Equal(new byte[] { 0xA1, 0xB2 }, response.Token.ToArray());
        Assert.Equal("late", Encoding.UTF8.GetString(response.Payload.Span));
    }

    [Fact]
    public async Task Duplicate_request_during_a_separate_exchange_gets_the_empty_ack_again()
    {
        await StartSlowRequestAsync(0x2100);

        await _fixture.ReceiveAsync(EndpointFixture.Con(CoapCode.Get, "slow", 0x2100));
        var again = await _fixture.Transport.NextAsync();

        Assert.True(again.IsEmpty);
        Assert.Equal(0x2100, again.MessageId);
    }

    [Fact]
    public async Task Separate_response_is_retransmitted_with_back_off_until_acknowledged()
    {
        var (processing, _) = await StartSlowRequestAsync(0x2200);
        _slow.Complete(CoapResponses.Create(CoapCode.Content, Encoding.UTF8.GetBytes("late")));
        var first = await _fixture.Transport.NextAsync();

        // Initial timeout is in [2 s, 3 s]; after 3 s the first retransmission has certainly gone out.
        _fixture.Time.Advance(TimeSpan.FromSeconds(3));
        var retransmission = await _fixture.Transport.NextAsync();
        Assert.Equal(first.MessageId, retransmission.MessageId);
        Assert.Equal(1, _fixture.Endpoint.Statistics.Retransmissions);

        await _fixture.ReceiveAsync([0x60, 0x00, (byte)(first.MessageId >> 8), (byte)first.MessageId]); // empty ACK
        await processing;
        _fixture.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.False(_fixture.Transport.TryTake(out _));
        Assert.Equal(0, _fixture.Endpoint.Confirmables.Outstanding);
    }

    [Fact]
    public async Task Separate_response_gives_up_after_max_retransmit()
    {
        var (processing, _) = await StartSlowRequestAsync(0x2300);
        _slow.Complete(CoapResponses.Create(CoapCode.Content));
        await _fixture.Transport.NextAsync();

        for (int retransmission = 1; retransmission <= 4; retransmission++)
        {
            _fixture.Time.Advance(TimeSpan.FromSeconds(3 << (retransmission - 1)));
            await _fixture.Transport.NextAsync();
        }
        _fixture.Time.Advance(TimeSpan.FromSeconds(48));
        await processing;

        Assert.Equal(4, _fixture.Endpoint.Statistics.Retransmissions);
        Assert.False(_fixture.Transport.TryTake(out _));
        Assert.Equal(0, _fixture.Endpoint.Confirmables.TrackedPeers);
    }

    [Fact]
    public async Task Reset_ends_the_retransmission()
    {
        var (processing, _) = await StartSlowRequestAsync(0x2400);
        _slow.Complete(CoapResponses.Create(CoapCode.Content));
        var response = await _fixture.Transport.NextAsync();

        await _fixture.ReceiveAsync([0x70, 0x00, (byte)(response.MessageId >> 8), (byte)response.MessageId]);
        await processing;

        Assert.Equal(0, _fixture.Endpoint.Statistics.Retransmissions);
        Assert.Equal(0, _fixture.Endpoint.Confirmables.Outstanding);
    }

    [Fact]
    public async Task Fast_async_handler_is_still_piggybacked()
    {
        var processing = _fixture.ReceiveAsync(EndpointFixture.Con(CoapCode.Get, "slow", 0x2500));
        await _slow.Started;
        _slow.Complete(CoapResponses.Create(CoapCode.Content));
        await processing;

        var response = await _fixture.Transport.NextAsync();
        Assert.Equal(CoapMessageType.Acknowledgement, response.Type);
        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(0x2500, response.MessageId);
    }
}
