using Eals.Gateway.Enrollment;
using Eals.Gateway.Messaging;
using Eals.Grains.Blockwise;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Eals.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>
/// Two gateways of one cluster (two endpoints, each with its own block-wise layer and grain-backed store)
/// sharing the block-wise grains: the blocks of one transfer may reach either, in any order of gateways.
/// </summary>
public sealed class SharedBlockwiseTests
{
    private static readonly CoapEndpointOptions Options = new()
    {
        Blockwise = new BlockwiseLimits { MaxBodySize = 4096, MaxTotalBytes = 1 << 20 },
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EchoResource _echoA = new(), _echoB = new();
    private readonly GatedEchoResource _gatedA = new(), _gatedB = new();
    private readonly EndpointFixture _a, _b;
    private readonly byte[] _body = Enumerable.Range(0, 200).Select(i => (byte)(i * 3)).ToArray();

    public SharedBlockwiseTests()
    {
        var grains = InProcessBlockTransferGrains.Create(new BlockTransferSettings(Options.Blockwise, _time));
        _a = new EndpointFixture([_echoA, _gatedA], Options, new GrainBlockwiseStore(grains), _time);
        _b = new EndpointFixture([_echoB, _gatedB], Options, new GrainBlockwiseStore(grains), _time);
    }

    private int EchoCalls => _echoA.Calls + _echoB.Calls;

    /// <summary>Block <paramref name="number"/> of the 200-byte body in 64-byte blocks.</summary>
    private CoapMessage Block1(ushort messageId, int number, string path = "echo", CoapMessageType type = CoapMessageType.Confirmable)
    {
        bool more = (number + 1) * 64 < _body.Length;
        var request = EndpointFixture.Con(CoapCode.Post, path, messageId, new BlockOption(number, more, 2).ToOption(CoapOptionNumber.Block1));
        request.Type = type;
        request.Payload = _body[(number * 64)..Math.Min(_body.Length, (number + 1) * 64)];
        return request;
    }

    private static CoapMessage Block2(ushort messageId, int number)
        => EndpointFixture.Con(CoapCode.Post, "echo", messageId, new BlockOption(number, false, 2).ToOption(CoapOptionNumber.Block2));

    [Fact]
    public async Task A_block1_upload_whose_blocks_alternate_between_two_gateways_completes_and_its_body_is_handled_once()
    {
        var gateways = new[] { _a, _b, _a, _b };
        var replies = new List<CoapMessage>();
        for (int n = 0; n < 4; n++)
        {
            replies.Add(await gateways[n].ExchangeAsync(Block1((ushort)(100 + n), n)));
        }

        Assert.Equal([CoapCode.Continue, CoapCode.Continue, CoapCode.Continue, CoapCode.Changed], replies.Select(r => r.Code));
        Assert.True(BlockOption.TryGet(replies[3], CoapOptionNumber.Block1, out var echo));
        Assert.Equal(new BlockOption(3, false, 2), echo);
        // The echo of the whole body, first block of its Block2 transfer.
        Assert.Equal(_body[..64], replies[3].Payload.ToArray());
        Assert.True(replies[3].TryGetUInt(CoapOptionNumber.Size2, out uint size2));
        Assert.Equal(200u, size2);
        Assert.Equal(1, EchoCalls);
    }

    [Fact]
    public async Task A_block2_download_whose_follow_ups_alternate_between_two_gateways_returns_the_whole_representation()
    {
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(CoapCode.Continue, (await _a.ExchangeAsync(Block1((ushort)(200 + n), n))).Code);
        }
        var first = await _a.ExchangeAsync(Block1(203, 3));
        var downloaded = new List<byte>(first.Payload.ToArray());
        var gateways = new[] { _b, _a, _b };
        for (int n = 1; n < 4; n++)
        {
            // A POST is not safe: a gateway that did not make the answer cannot make it again, only find it.
            var part = await gateways[n - 1].ExchangeAsync(Block2((ushort)(210 + n), n));
            Assert.Equal(CoapCode.Changed, part.Code);
            Assert.True(BlockOption.TryGet(part, CoapOptionNumber.Block2, out var block2));
            Assert.Equal(n, block2.Number);
            downloaded.AddRange(part.Payload.ToArray());
        }

        Assert.Equal(_body, downloaded.ToArray());
        Assert.Equal(1, EchoCalls);
    }

    [Fact]
    public async Task A_follow_up_gets_the_newest_representation_even_from_the_gateway_that_made_an_older_one()
    {
        // The pledge's first request goes wholly through B: B made (and once kept) that representation.
        for (int n = 0; n < 4; n++)
        {
            await _b.ExchangeAsync(Block1((ushort)(250 + n), n));
        }
        // It repeats the request with another body through A, which makes a newer representation under the same key.
        var other = _body.Reverse().ToArray();
        CoapMessage last = null!;
        for (int n = 0; n < 4; n++)
        {
            bool more = (n + 1) * 64 < other.Length;
            var request = EndpointFixture.Con(CoapCode.Post, "echo", (ushort)(260 + n), new BlockOption(n, more, 2).ToOption(CoapOptionNumber.Block1));
            request.Payload = other[(n * 64)..Math.Min(other.Length, (n + 1) * 64)];
            last = await _a.ExchangeAsync(request);
        }
        Assert.Equal(other[..64], last.Payload.ToArray());

        var part = await _b.ExchangeAsync(Block2(270, 1));

        Assert.Equal(CoapCode.Changed, part.Code);
        Assert.Equal(other[64..128], part.Payload.ToArray());
    }

    [Fact]
    public async Task Without_the_shared_store_each_gateway_lacks_the_other_ones_blocks_and_answers_4_08()
    {
        var a = new EndpointFixture([new EchoResource()], Options, time: _time);
        var b = new EndpointFixture([new EchoResource()], Options, time: _time);

        Assert.Equal(CoapCode.Continue, (await a.ExchangeAsync(Block1(300, 0))).Code);
        Assert.Equal(CoapCode.RequestEntityIncomplete, (await b.ExchangeAsync(Block1(301, 1))).Code);
    }

    [Fact]
    public async Task The_final_block_repeated_through_the_other_gateway_gets_the_first_answer_and_is_handled_once()
    {
        for (int n = 0; n < 3; n++)
        {
            await _a.ExchangeAsync(Block1((ushort)(400 + n), n));
        }
        var first = await _a.ExchangeAsync(Block1(403, 3));
        // A retransmission that the pledge's random choice sent to the other gateway (which has not seen its Message ID).
        var again = await _b.ExchangeAsync(Block1(403, 3));

        Assert.Equal(CoapCode.Changed, again.Code);
        Assert.Equal(first.Payload.ToArray(), again.Payload.ToArray());
        Assert.True(BlockOption.TryGet(again, CoapOptionNumber.Block1, out var echo));
        Assert.Equal(new BlockOption(3, false, 2), echo);
        Assert.True(BlockOption.TryGet(again, CoapOptionNumber.Block2, out var block2));
        Assert.Equal(new BlockOption(0, true, 2), block2);
        Assert.Equal(1, EchoCalls);
        // Any other block of the finished transfer is still out of sequence, on either gateway.
        Assert.Equal(CoapCode.RequestEntityIncomplete, (await _b.ExchangeAsync(Block1(404, 2))).Code);
    }

    /// <summary>
    /// An upload (NON, as a join proxy relays it) through gateway A whose answer waits for the gate, and its
    /// final block again through gateway B: the exchanges of both, still going on.
    /// </summary>
    private async Task<(Task<CoapMessage> First, Task<CoapMessage> Again)> RepeatWhileTheFirstAnswerIsMadeAsync(ushort firstMessageId)
    {
        for (int n = 0; n < 3; n++)
        {
            await _a.ExchangeAsync(Block1((ushort)(firstMessageId + n), n, "gated", CoapMessageType.NonConfirmable));
        }
        var first = _a.ExchangeAsync(Block1((ushort)(firstMessageId + 3), 3, "gated", CoapMessageType.NonConfirmable));
        await _gatedA.Started;
        return (first, _b.ExchangeAsync(Block1((ushort)(firstMessageId + 4), 3, "gated", CoapMessageType.NonConfirmable)));
    }

    [Fact]
    public async Task A_repeat_arriving_while_the_first_answer_is_being_made_waits_for_it()
    {
        var (firstTask, againTask) = await RepeatWhileTheFirstAnswerIsMadeAsync(500);

        _gatedA.Open();
        var first = await firstTask;
        var again = await againTask;

        Assert.Equal(CoapCode.Changed, first.Code);
        Assert.Equal(CoapCode.Changed, again.Code);
        Assert.Equal(first.Payload.ToArray(), again.Payload.ToArray());
        Assert.Equal(1, _gatedA.Calls + _gatedB.Calls);
    }

    [Fact]
    public async Task A_repeat_whose_first_answer_takes_longer_than_the_wait_gets_5_03_and_the_answer_when_it_asks_again()
    {
        var (firstTask, againTask) = await RepeatWhileTheFirstAnswerIsMadeAsync(600);
        // The repeat is waiting in the grain (it got there before the call returned): once the wait is over it
        // is told to come back, and nothing is handled twice.
        Assert.False(againTask.IsCompleted);
        _time.Advance(BlockTransfers.AnswerWait);
        var busy = await againTask;

        _gatedA.Open();
        var first = await firstTask;
        var later = await _b.ExchangeAsync(Block1(610, 3, "gated", CoapMessageType.NonConfirmable));

        Assert.Equal(CoapCode.ServiceUnavailable, busy.Code);
        Assert.True(busy.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge) && maxAge > 0);
        Assert.Equal(CoapCode.Changed, later.Code);
        Assert.Equal(first.Payload.ToArray(), later.Payload.ToArray());
        Assert.Equal(1, _gatedA.Calls + _gatedB.Calls);
    }
}
