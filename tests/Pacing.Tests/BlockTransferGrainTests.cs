using Eals.Grains.Blockwise;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Pacing.Tests;

/// <summary>The block-wise grain in a silo: reassembly and answers across calls, expiry and deactivation, the gateways' limits.</summary>
public sealed class BlockTransferGrainTests(BlockTransferCluster cluster) : IClassFixture<BlockTransferCluster>
{
    private const string Key = "2|11=2e77656c6c2d6b6e6f776e|11=6564686f63";

    private IBlockTransferGrain NewPeer() => cluster.Grains.GetGrain<IBlockTransferGrain>($"192.0.2.{Random.Shared.Next(1, 255)}:{Guid.NewGuid():N}");

    private static uint Block(int number, bool more) => new BlockOption(number, more, 0).Encode();

    private static byte[] Bytes(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    [Fact]
    public async Task Blocks_sent_in_separate_calls_are_reassembled_and_a_repeated_final_block_gets_the_stored_answer()
    {
        var peer = NewPeer();

        var first = await peer.AcceptBlock1Async(Key, Block(0, true), Bytes(16, 1), 20);
        var last = await peer.AcceptBlock1Async(Key, Block(1, false), Bytes(4, 2), null);
        await peer.AnswerBlock1Async(last.Completion, [0x50, 0x44]);
        var again = await peer.AcceptBlock1Async(Key, Block(1, false), Bytes(4, 2), null);

        Assert.Equal((byte)Block1Status.Continue, first.Status);
        Assert.Equal(Block(0, true), first.Echo);
        Assert.Equal((byte)Block1Status.Complete, last.Status);
        Assert.Equal(Bytes(16, 1).Concat(Bytes(4, 2)).ToArray(), last.Body);
        Assert.NotEqual(0, last.Completion);
        Assert.Equal(new byte[] { 0x50, 0x44 }, again.Answer);
        Assert.Null(again.Body);
    }

    [Fact]
    public async Task An_abandoned_transfer_expires_after_the_lifetime_and_the_emptied_grain_deactivates()
    {
        var peer = NewPeer();
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var id = peer.GetGrainId();

        Assert.Equal((byte)Block1Status.Continue, (await peer.AcceptBlock1Async(Key, Block(0, true), Bytes(16, 1), null)).Status);
        Assert.Contains(id, await management.GetActiveGrains(id.Type));

        BlockTransferCluster.Time.Advance(BlockTransferCluster.Limits.Lifetime + TimeSpan.FromSeconds(1));
        var late = await peer.AcceptBlock1Async(Key, Block(1, true), Bytes(16, 2), null);

        Assert.Equal((byte)Block1Status.Incomplete, late.Status);
        Assert.Equal("no transfer in progress for block 1", late.Diagnostic);
        await Eventually.TrueAsync(async () => !(await management.GetActiveGrains(id.Type)).Contains(id), "the empty grain stayed active");
    }

    [Fact]
    public async Task The_gateways_limits_apply_with_their_codes_and_diagnostics()
    {
        var peer = NewPeer();

        var announced = await peer.AcceptBlock1Async(Key, Block(0, true), Bytes(16, 1), 300);
        var malformed = await peer.AcceptBlock1Async(Key, Block(0, true), Bytes(15, 1), null);
        // Three transfers of one peer where two are allowed: the oldest goes.
        foreach (string key in new[] { "a", "b", "c" })
        {
            Assert.Equal((byte)Block1Status.Continue, (await peer.AcceptBlock1Async(key, Block(0, true), Bytes(16, 1), null)).Status);
        }
        var evicted = await peer.AcceptBlock1Async("a", Block(1, true), Bytes(16, 1), null);
        var kept = await peer.AcceptBlock1Async("c", Block(1, true), Bytes(16, 1), null);

        Assert.Equal(((byte)Block1Status.TooLarge, "body of 300 bytes exceeds 256"), (announced.Status, announced.Diagnostic));
        Assert.Equal((byte)Block1Status.BadRequest, malformed.Status);
        Assert.Equal((byte)Block1Status.Incomplete, evicted.Status);
        Assert.Equal((byte)Block1Status.Continue, kept.Status);
    }
}
