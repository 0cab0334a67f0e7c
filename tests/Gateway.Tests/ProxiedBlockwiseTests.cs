using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>
/// Pledges behind one stateless join proxy share its address; their block-wise transfers are told apart by the
/// pledge handle in the first 8 bytes of the proxy's extended token.
/// </summary>
public sealed class ProxiedBlockwiseTests
{
    private readonly EchoResource _echo = new();
    private readonly EndpointFixture _fixture;

    public ProxiedBlockwiseTests()
        => _fixture = new EndpointFixture([_echo], new CoapEndpointOptions { Blockwise = new BlockwiseLimits { MaxBodySize = 4096, MaxTotalBytes = 1 << 20 } });

    private static CoapMessage Block(byte pledge, ushort messageId, int number, bool more, string payload)
    {
        // A proxy token: 8 bytes of pledge handle, then what only the proxy can read.
        var token = new byte[40];
        token.AsSpan(0, 8).Fill(pledge);
        token[39] = (byte)messageId; // each forwarded request has a token of its own
        var request = CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Post, "echo", token);
        request.MessageId = messageId;
        request.Payload = Encoding.ASCII.GetBytes(payload);
        return request.AddOption(new BlockOption(number, more, 0).ToOption(CoapOptionNumber.Block1));
    }

    [Fact]
    public async Task Interleaved_block1_bodies_of_two_pledges_behind_one_proxy_stay_apart()
    {
        string a = new('a', 16), b = new('b', 16);

        var replies = new List<CoapMessage>();
        foreach (var block in new[] { Block(1, 1, 0, true, a), Block(2, 2, 0, true, b), Block(1, 3, 1, false, "A"), Block(2, 4, 1, false, "B") })
        {
            replies.Add(await _fixture.ExchangeAsync(block, EndpointFixture.Client));
        }

        Assert.Equal([CoapCode.Continue, CoapCode.Continue, CoapCode.Changed, CoapCode.Changed], replies.Select(r => r.Code));
        // The 17-byte echoes come back in 16-byte Block2 blocks (the size the client used): the first block shows whose body it is.
        Assert.Equal(a, Encoding.ASCII.GetString(replies[2].Payload.Span));
        Assert.Equal(b, Encoding.ASCII.GetString(replies[3].Payload.Span));
        Assert.All(replies[2..], r => Assert.Equal(17u, r.TryGetUInt(CoapOptionNumber.Size2, out uint size) ? size : 0));
    }

    [Fact]
    public async Task A_transfer_goes_on_when_the_proxy_sends_its_next_block_from_another_socket()
    {
        // The proxy moves to its next upstream socket every 65,536 Message IDs: same IP, another port.
        var otherSocket = PeerAddress.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.7"), 40001));
        string body = new('p', 16);

        var first = await _fixture.ExchangeAsync(Block(3, 21, 0, true, body), EndpointFixture.Client);
        var last = await _fixture.ExchangeAsync(Block(3, 22, 1, false, "P"), otherSocket);
        var secondBlock = Block(3, 23, 1, false, "P");
        secondBlock.RemoveOption(CoapOptionNumber.Block1);
        secondBlock.Payload = ReadOnlyMemory<byte>.Empty;
        secondBlock.AddOption(new BlockOption(1, false, 0).ToOption(CoapOptionNumber.Block2));
        var rest = await _fixture.ExchangeAsync(secondBlock, EndpointFixture.Client);

        Assert.Equal(CoapCode.Continue, first.Code);
        Assert.Equal(CoapCode.Changed, last.Code);
        Assert.Equal(body, Encoding.ASCII.GetString(last.Payload.Span));
        // Block 2 of the answer (block 1 of 16 bytes), asked for from the first socket again: the representation is still the pledge's.
        Assert.Equal(CoapCode.Changed, rest.Code);
        Assert.Equal("P", Encoding.ASCII.GetString(rest.Payload.Span));
    }

    [Fact]
    public async Task Without_the_handle_the_same_blocks_would_mix_which_is_what_a_direct_client_gets()
    {
        // The same interleaving from one direct client (8-byte tokens): block 0 of the second body restarts the transfer.
        var first = Block(1, 11, 0, true, new string('a', 16));
        first.Token = new byte[8];
        var second = Block(2, 12, 0, true, new string('b', 16));
        second.Token = new byte[8];
        var last = Block(1, 13, 1, false, "A");
        last.Token = new byte[8];

        await _fixture.ExchangeAsync(first, EndpointFixture.Client);
        await _fixture.ExchangeAsync(second, EndpointFixture.Client);
        var reply = await _fixture.ExchangeAsync(last, EndpointFixture.Client);

        Assert.Equal(new string('b', 16), Encoding.ASCII.GetString(reply.Payload.Span)); // first block of "bbb...bA"
    }
}
