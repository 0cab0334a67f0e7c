using Eals.Grains.Blockwise;
using Eals.Protocol.Coap.Blockwise;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Pacing.Tests;

/// <summary>The block-wise grain's logic without a silo: the silo-wide budget, answers made while a repeat waits, representations.</summary>
public sealed class BlockTransfersTests
{
    private const string Key = "2|11=6564686f63";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static uint Block(int number, bool more) => new BlockOption(number, more, 0).Encode();

    private BlockTransferSettings Settings(long totalBytes) => new(new BlockwiseLimits { MaxBodySize = 256, MaxTransfersPerPeer = 2, MaxTotalBytes = totalBytes }, _time);

    [Fact]
    public async Task Peers_together_cannot_hold_more_than_the_silo_budget_and_give_it_back_when_their_state_expires()
    {
        // Room for two peers that hold something (each is charged for itself and its bytes), not three.
        var settings = Settings(2 * (BlockTransfers.ActivationCharge + 16) + 8);
        using var first = new BlockTransfers(settings);
        using var second = new BlockTransfers(settings);
        using var third = new BlockTransfers(settings);

        Assert.Equal((byte)Block1Status.Continue, (await first.AcceptBlock1Async(Key, Block(0, true), new byte[16], null)).Status);
        Assert.Equal((byte)Block1Status.Continue, (await second.AcceptBlock1Async(Key, Block(0, true), new byte[16], null)).Status);
        var refused = await third.AcceptBlock1Async(Key, Block(0, true), new byte[16], null);
        Assert.Equal(((byte)Block1Status.Overloaded, "block-wise buffers are full, retry later"), (refused.Status, refused.Diagnostic));
        Assert.False(await third.KeepRepresentationAsync(Key, new byte[64]));
        Assert.True(third.IsEmpty);

        _time.Advance(settings.Limits.Lifetime + TimeSpan.FromSeconds(1));
        first.Purge();
        Assert.True(first.IsEmpty);
        Assert.Equal((byte)Block1Status.Continue, (await third.AcceptBlock1Async(Key, Block(0, true), new byte[16], null)).Status);

        second.Dispose();
        third.Dispose();
        Assert.Equal(0, settings.Budget.Used);
    }

    [Fact]
    public async Task A_repeat_waiting_longer_than_the_wait_is_told_to_come_back_and_a_later_one_gets_the_answer()
    {
        using var transfers = new BlockTransfers(Settings(1 << 20));
        var complete = await transfers.AcceptBlock1Async(Key, Block(0, false), [1, 2, 3], null);

        var waiting = transfers.AcceptBlock1Async(Key, Block(0, false), [1, 2, 3], null);
        // A block 0 restarts a transfer (it completes again): only a later final block is a repeat.
        Assert.True(waiting.IsCompleted);

        var body = await transfers.AcceptBlock1Async("k", Block(0, true), new byte[16], null);
        var final = await transfers.AcceptBlock1Async("k", Block(1, false), [9], null);
        var early = transfers.AcceptBlock1Async("k", Block(1, false), [9], null);
        var late = transfers.AcceptBlock1Async("k", Block(1, false), [9], null);
        Assert.False(early.IsCompleted);
        _time.Advance(BlockTransfers.AnswerWait);
        var toldToWait = await late;
        await transfers.AnswerBlock1Async(final.Completion, [0x44]);

        Assert.Equal((byte)Block1Status.Complete, complete.Status);
        Assert.Equal((byte)Block1Status.Continue, body.Status);
        Assert.Equal((byte)Block1Status.Overloaded, toldToWait.Status);
        Assert.Equal((byte)Block1Status.Overloaded, (await early).Status);
        var answered = await transfers.AcceptBlock1Async("k", Block(1, false), [9], null);
        Assert.Equal(new byte[] { 0x44 }, answered.Answer);
    }

    [Fact]
    public async Task A_failed_answer_leaves_the_repeat_incomplete_so_the_client_starts_over()
    {
        using var transfers = new BlockTransfers(Settings(1 << 20));
        await transfers.AcceptBlock1Async(Key, Block(0, true), new byte[16], null);
        var final = await transfers.AcceptBlock1Async(Key, Block(1, false), [9], null);
        var waiting = transfers.AcceptBlock1Async(Key, Block(1, false), [9], null);

        await transfers.AnswerBlock1Async(final.Completion, null);

        var repeat = await waiting;
        Assert.Equal((byte)Block1Status.Incomplete, repeat.Status);
        Assert.Null(repeat.Answer);
        Assert.True(transfers.IsEmpty);
    }

    [Fact]
    public async Task Representations_are_kept_per_peer_up_to_the_limit_and_for_the_lifetime()
    {
        var settings = Settings(1 << 20);
        using var transfers = new BlockTransfers(settings);

        foreach (string key in new[] { "a", "b", "c" })
        {
            Assert.True(await transfers.KeepRepresentationAsync(key, [(byte)key[0]]));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null(await transfers.FindRepresentationAsync("a"));
        var held = await transfers.FindRepresentationAsync("c");
        Assert.Equal(new[] { (byte)'c' }, held);
        _time.Advance(settings.Limits.Lifetime);
        Assert.Null(await transfers.FindRepresentationAsync("c"));
        Assert.True(transfers.IsEmpty);
        Assert.Equal(0, settings.Budget.Used);
    }
}
