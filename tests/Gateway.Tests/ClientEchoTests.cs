using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>
/// The client's side of RFC 9175 section 2.3: a 4.01 with Echo is answered by the same request at once, carrying
/// that value; once per such response, and only a few times in a row.
/// </summary>
public sealed class ClientEchoTests
{
    private readonly EndpointFixture _fixture = new([]);

    private static CoapMessage Ack(CoapMessage request, CoapCode code, byte[]? echo = null)
    {
        var ack = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = code, MessageId = request.MessageId, Token = request.Token.ToArray() };
        if (echo is not null)
        {
            ack.AddOption(CoapOptionNumber.Echo, echo);
        }
        return ack;
    }

    private static CoapMessage Trigger() => CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");

    [Fact]
    public async Task A_4_01_with_echo_is_answered_by_the_same_request_carrying_the_value()
    {
        var client = new CoapClient(_fixture.Endpoint);
        var pending = client.SendAsync(EndpointFixture.Client, Trigger());
        var first = await _fixture.Transport.NextAsync();
        Assert.False(first.HasOption(CoapOptionNumber.Echo));

        await _fixture.ReceiveAsync(Ack(first, CoapCode.Unauthorized, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2]));
        var repeat = await _fixture.Transport.NextAsync();
        Assert.True(repeat.TryGetOption(CoapOptionNumber.Echo, out var echo));
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2 }, echo.Value.ToArray());
        Assert.Equal(".well-known/edhoc", repeat.GetPath());
        Assert.Equal(CoapCode.Post, repeat.Code);
        Assert.NotEqual(first.MessageId, repeat.MessageId);

        await _fixture.ReceiveAsync(Ack(repeat, CoapCode.Changed));
        Assert.Equal(CoapCode.Changed, (await pending).Code);
    }

    [Fact]
    public async Task A_server_that_keeps_refusing_the_echo_gets_a_few_repeats_then_its_4_01_is_the_answer()
    {
        var client = new CoapClient(_fixture.Endpoint) { EchoRepeats = 2 };
        var pending = client.SendAsync(EndpointFixture.Client, Trigger());
        for (int send = 0; send < 3; send++)
        {
            var sent = await _fixture.Transport.NextAsync();
            await _fixture.ReceiveAsync(Ack(sent, CoapCode.Unauthorized, [(byte)send]));
        }

        var answer = await pending;

        Assert.Equal(CoapCode.Unauthorized, answer.Code);
        Assert.False(_fixture.Transport.TryTake(out _), "a fourth request was sent");
    }

    [Fact]
    public async Task A_4_01_without_echo_is_the_answer()
    {
        var client = new CoapClient(_fixture.Endpoint);
        var pending = client.SendAsync(EndpointFixture.Client, Trigger());
        await _fixture.ReceiveAsync(Ack(await _fixture.Transport.NextAsync(), CoapCode.Unauthorized));

        Assert.Equal(CoapCode.Unauthorized, (await pending).Code);
        Assert.False(_fixture.Transport.TryTake(out _));
    }

    [Fact]
    public async Task An_oscore_request_is_not_repeated_as_it_was()
    {
        var client = new CoapClient(_fixture.Endpoint);
        var request = Trigger();
        request.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x09, 0x01 });
        var pending = client.SendAsync(EndpointFixture.Client, request);
        await _fixture.ReceiveAsync(Ack(await _fixture.Transport.NextAsync(), CoapCode.Unauthorized, [1]));

        Assert.Equal(CoapCode.Unauthorized, (await pending).Code);
        Assert.False(_fixture.Transport.TryTake(out _), "the same OSCORE message would be a replay");
    }
}
