using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>RFC 7959 through the gateway's block-wise layer: 2.31, 4.08, 4.13 with Size1, Block2 slicing and follow-ups.</summary>
public sealed class BlockwiseTests
{
    private readonly EchoResource _echo = new();
    private readonly LargeResource _large = new(3000);
    private readonly EndpointFixture _fixture;

    public BlockwiseTests()
    {
        _fixture = new EndpointFixture([_echo, _large], new CoapEndpointOptions
        {
            Blockwise = new BlockwiseLimits { MaxBodySize = 4096, MaxTotalBytes = 1 << 20 },
        });
    }

    private static CoapMessage Block1Request(ushort messageId, int number, bool more, int szx, byte[] payload)
    {
        var request = EndpointFixture.Con(CoapCode.Post, "echo", messageId, new BlockOption(number, more, szx).ToOption(CoapOptionNumber.Block1));
        request.Payload = payload;
        return request;
    }

    [Fact]
    public async Task Each_non_final_block1_gets_2_31_echoing_the_block_and_the_last_reaches_the_resource()
    {
        var body = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        for (int n = 0; n < 3; n++)
        {
            var reply = await _fixture.ExchangeAsync(Block1Request((ushort)(10 + n), n, true, 2, body[(n * 64)..((n + 1) * 64)]));
            Assert.Equal(CoapCode.Continue, reply.Code);
            Assert.True(BlockOption.TryGet(reply, CoapOptionNumber.Block1, out var echo));
            Assert.Equal(new BlockOption(n, true, 2), echo);
        }

        var final = await _fixture.ExchangeAsync(Block1Request(13, 3, false, 2, body[192..]));

        Assert.Equal(CoapCode.Changed, final.Code);
        Assert.True(BlockOption.TryGet(final, CoapOptionNumber.Block1, out var last));
        Assert.Equal(new BlockOption(3, false, 2), last);
        Assert.Equal(1, _echo.Calls);
        Assert.Equal(0, _fixture.LocalStore.ActiveBlock1Transfers);

        // The 200-byte echo comes back in blocks of the size the client used for Block1 (RFC 7959 2.6).
        Assert.True(BlockOption.TryGet(final, CoapOptionNumber.Block2, out var block2));
        Assert.Equal(new BlockOption(0, true, 2), block2);
        Assert.True(final.TryGetUInt(CoapOptionNumber.Size2, out uint size2));
        Assert.Equal(200u, size2);
        var echoed = new List<byte>(final.Payload.ToArray());
        for (int n = 1; n < 4; n++)
        {
            var follow = EndpointFixture.Con(CoapCode.Post, "echo", (ushort)(20 + n), new BlockOption(n, false, 2).ToOption(CoapOptionNumber.Block2));
            var part = await _fixture.ExchangeAsync(follow);
            Assert.Equal(CoapCode.Changed, part.Code);
            Assert.False(part.HasOption(CoapOptionNumber.Block1));
            echoed.AddRange(part.Payload.ToArray());
        }
        Assert.Equal(body, echoed.ToArray());
        Assert.Equal(1, _echo.Calls);
    }

    [Fact]
    public async Task The_final_block_again_under_a_new_message_id_gets_the_first_answer_and_is_not_handled_twice()
    {
        // What a stateless join proxy does with a pledge's retransmission: the same block, a new Message ID.
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Assert.Equal(CoapCode.Continue, (await _fixture.ExchangeAsync(Block1Request(30, 0, true, 2, body[..64]))).Code);
        var first = await _fixture.ExchangeAsync(Block1Request(31, 1, false, 2, body[64..]));
        var again = await _fixture.ExchangeAsync(Block1Request(32, 1, false, 2, body[64..]));

        Assert.Equal(CoapCode.Changed, first.Code);
        Assert.Equal(first.Code, again.Code);
        Assert.Equal(first.Payload.ToArray(), again.Payload.ToArray());
        Assert.True(BlockOption.TryGet(again, CoapOptionNumber.Block1, out var echo));
        Assert.Equal(new BlockOption(1, false, 2), echo);
        Assert.Equal(1, _echo.Calls);

        // Any other block of the finished transfer is still out of sequence.
        Assert.Equal(CoapCode.RequestEntityIncomplete, (await _fixture.ExchangeAsync(Block1Request(33, 2, false, 2, body[64..]))).Code);
    }

    [Fact]
    public async Task Block_out_of_sequence_is_4_08()
    {
        await _fixture.ExchangeAsync(Block1Request(20, 0, true, 2, new byte[64]));

        var reply = await _fixture.ExchangeAsync(Block1Request(21, 2, true, 2, new byte[64]));

        Assert.Equal(CoapCode.RequestEntityIncomplete, reply.Code);
        Assert.Equal(0, _echo.Calls);
    }

    [Fact]
    public async Task Announced_size_above_the_limit_is_4_13_with_size1()
    {
        var request = Block1Request(30, 0, true, 6, new byte[1024]);
        request.SetUInt(CoapOptionNumber.Size1, 100_000);

        var reply = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.RequestEntityTooLarge, reply.Code);
        Assert.True(reply.TryGetUInt(CoapOptionNumber.Size1, out uint limit));
        Assert.Equal(4096u, limit);
    }

    [Fact]
    public async Task Body_growing_past_the_limit_is_4_13_and_its_buffer_is_freed()
    {
        for (int n = 0; n < 4; n++)
        {
            await _fixture.ExchangeAsync(Block1Request((ushort)(40 + n), n, true, 6, new byte[1024]));
        }

        var reply = await _fixture.ExchangeAsync(Block1Request(44, 4, true, 6, new byte[1024]));

        Assert.Equal(CoapCode.RequestEntityTooLarge, reply.Code);
        Assert.Equal(0, _fixture.LocalStore.ActiveBlock1Transfers);
        Assert.Equal(0, _fixture.LocalStore.BufferedBlock1Bytes);
    }

    [Fact]
    public async Task Abandoned_transfers_expire_after_exchange_lifetime()
    {
        await _fixture.ExchangeAsync(Block1Request(50, 0, true, 2, new byte[64]));
        Assert.Equal(1, _fixture.LocalStore.ActiveBlock1Transfers);

        _fixture.Time.Advance(CoapTransmissionParameters.Default.ExchangeLifetime + TimeSpan.FromSeconds(1));
        var reply = await _fixture.ExchangeAsync(Block1Request(51, 1, true, 2, new byte[64]));

        Assert.Equal(CoapCode.RequestEntityIncomplete, reply.Code);
        Assert.Equal(0, _fixture.LocalStore.BufferedBlock1Bytes);
    }

    [Fact]
    public async Task Large_response_is_sent_in_block2_with_size2_and_follow_ups_are_served_from_the_cache()
    {
        var first = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "large", 60));
        Assert.True(BlockOption.TryGet(first, CoapOptionNumber.Block2, out var block0));
        Assert.Equal(new BlockOption(0, true, 6), block0);
        Assert.True(first.TryGetUInt(CoapOptionNumber.Size2, out uint size2));
        Assert.Equal(3000u, size2);
        Assert.Equal(1024, first.Payload.Length);

        var body = new List<byte>(first.Payload.ToArray());
        for (int n = 1; n < 3; n++)
        {
            var part = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "large", (ushort)(60 + n), new BlockOption(n, false, 6).ToOption(CoapOptionNumber.Block2)));
            Assert.True(BlockOption.TryGet(part, CoapOptionNumber.Block2, out var block));
            Assert.Equal(n, block.Number);
            Assert.Equal(n < 2, block.More);
            body.AddRange(part.Payload.ToArray());
        }

        Assert.Equal(_large.Body, body.ToArray());
        Assert.Equal(1, _large.Calls);
    }

    [Fact]
    public async Task Client_may_ask_for_smaller_block2_blocks()
    {
        var reply = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "large", 70, new BlockOption(0, false, 0).ToOption(CoapOptionNumber.Block2)));

        Assert.True(BlockOption.TryGet(reply, CoapOptionNumber.Block2, out var block));
        Assert.Equal(new BlockOption(0, true, 0), block);
        Assert.Equal(_large.Body[..16], reply.Payload.ToArray());
    }

    [Fact]
    public async Task Block2_beyond_the_end_is_an_error()
    {
        var reply = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "large", 80, new BlockOption(50, false, 6).ToOption(CoapOptionNumber.Block2)));

        Assert.Equal(CoapCode.BadOption, reply.Code);
    }

    [Fact]
    public async Task Block2_follow_up_of_an_unsafe_request_without_a_held_representation_is_4_08()
    {
        var reply = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Post, "echo", 90, new BlockOption(1, false, 6).ToOption(CoapOptionNumber.Block2)));

        Assert.Equal(CoapCode.RequestEntityIncomplete, reply.Code);
        Assert.Equal(0, _echo.Calls);
    }

    [Fact]
    public async Task Reserved_szx_is_4_00()
    {
        var reply = await _fixture.ExchangeAsync(Block1Request(95, 0, true, 7, new byte[64]));

        Assert.Equal(CoapCode.BadRequest, reply.Code);
        Assert.Contains("SZX 7", Encoding.UTF8.GetString(reply.Payload.Span), StringComparison.Ordinal);
    }

    private sealed class LargeResource(int size) : CoapResource("large")
    {
        public byte[] Body { get; } = Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();

        public int Calls;

        protected override ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(CoapResponses.Create(CoapCode.Content, Body, CoapContentFormat.Cbor));
        }
    }
}
