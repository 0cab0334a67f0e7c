using Eals.Protocol.Coap.Blockwise;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Protocol.Tests;

/// <summary>RFC 7959 sections 2.3, 2.5 and 2.9: server-side Block1 reassembly with bounded memory.</summary>
public sealed class Block1ReassemblerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly BlockwiseLimits _limits = new() { MaxBodySize = 4096, MaxTransfersPerPeer = 2, MaxTotalBytes = 8192 };

    private Block1Reassembler<int> Create(BlockwiseLimits? limits = null) => new(limits ?? _limits, _time);

    private static byte[] Body(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();

    [Fact]
    public void Reassembles_3000_bytes_sent_in_64_byte_blocks()
    {
        var reassembler = Create();
        var body = Body(3000);
        Block1Result result = default;
        for (int n = 0; n * 64 < body.Length; n++)
        {
            bool more = (n + 1) * 64 < body.Length;
            result = reassembler.Accept(1, "post /echo", new BlockOption(n, more, 2), body.AsSpan(n * 64, Math.Min(64, body.Length - (n * 64))), null);
            Assert.Equal(more ? Block1Status.Continue : Block1Status.Complete, result.Status);
            Assert.Equal(new BlockOption(n, more, 2), result.Echo);
        }

        Assert.Equal(body, result.Body);
        Assert.Equal(0, reassembler.ActiveTransfers);
        Assert.Equal(0, reassembler.BufferedBytes);
    }

    [Fact]
    public void Block_out_of_order_is_incomplete_and_drops_the_transfer()
    {
        var reassembler = Create();
        reassembler.Accept(1, "k", new BlockOption(0, true, 2), Body(64), null);

        var result = reassembler.Accept(1, "k", new BlockOption(2, true, 2), Body(64), null);

        Assert.Equal(Block1Status.Incomplete, result.Status);
        Assert.Equal(0, reassembler.ActiveTransfers);
    }

    [Fact]
    public void Block_for_a_transfer_never_started_is_incomplete()
    {
        Assert.Equal(Block1Status.Incomplete, Create().Accept(1, "k", new BlockOption(3, true, 2), Body(64), null).Status);
    }

    [Theory]
    [InlineData(2, true, 63)]    // M=1 needs exactly the block size
    [InlineData(2, true, 65)]
    [InlineData(2, false, 65)]   // last block larger than the block size
    [InlineData(7, true, 64)]    // SZX 7 is reserved
    public void Malformed_blocks_are_bad_requests(int szx, bool more, int payload)
    {
        Assert.Equal(Block1Status.BadRequest, Create().Accept(1, "k", new BlockOption(0, more, szx), Body(payload), null).Status);
    }

    [Fact]
    public void Announced_size1_above_the_limit_is_too_large()
    {
        Assert.Equal(Block1Status.TooLarge, Create().Accept(1, "k", new BlockOption(0, true, 6), Body(1024), 5000).Status);
    }

    [Fact]
    public void Growing_past_the_limit_is_too_large_and_releases_the_buffer()
    {
        var reassembler = Create();
        for (int n = 0; n < 4; n++)
        {
            Assert.Equal(Block1Status.Continue, reassembler.Accept(1, "k", new BlockOption(n, true, 6), Body(1024), null).Status);
        }

        Assert.Equal(Block1Status.TooLarge, reassembler.Accept(1, "k", new BlockOption(4, true, 6), Body(1024), null).Status);
        Assert.Equal(0, reassembler.ActiveTransfers);
        Assert.Equal(0, reassembler.BufferedBytes);
    }

    [Fact]
    public void A_peer_over_its_transfer_limit_loses_its_oldest_transfer()
    {
        var reassembler = Create();
        reassembler.Accept(1, "a", new BlockOption(0, true, 2), Body(64), null);
        reassembler.Accept(1, "b", new BlockOption(0, true, 2), Body(64), null);
        reassembler.Accept(2, "a", new BlockOption(0, true, 2), Body(64), null);

        reassembler.Accept(1, "c", new BlockOption(0, true, 2), Body(64), null);

        Assert.Equal(Block1Status.Incomplete, reassembler.Accept(1, "a", new BlockOption(1, true, 2), Body(64), null).Status);
        Assert.Equal(Block1Status.Continue, reassembler.Accept(1, "b", new BlockOption(1, true, 2), Body(64), null).Status);
        Assert.Equal(Block1Status.Continue, reassembler.Accept(2, "a", new BlockOption(1, true, 2), Body(64), null).Status);
    }

    [Fact]
    public void Overall_budget_refuses_new_work_as_overloaded()
    {
        var reassembler = Create(_limits with { MaxTransfersPerPeer = 100, MaxTotalBytes = 2048 });
        reassembler.Accept(1, "a", new BlockOption(0, true, 6), Body(1024), null);
        reassembler.Accept(2, "a", new BlockOption(0, true, 6), Body(1024), null);

        var result = reassembler.Accept(3, "a", new BlockOption(0, true, 6), Body(1024), null);

        Assert.Equal(Block1Status.Overloaded, result.Status);
        Assert.Equal(2048, reassembler.BufferedBytes);
    }

    [Fact]
    public void Idle_transfers_expire_after_the_lifetime()
    {
        var reassembler = Create();
        reassembler.Accept(1, "a", new BlockOption(0, true, 2), Body(64), null);

        _time.Advance(_limits.Lifetime + TimeSpan.FromSeconds(1));
        var result = reassembler.Accept(2, "other", new BlockOption(0, true, 2), Body(64), null);

        Assert.Equal(Block1Status.Continue, result.Status);
        Assert.Equal(1, reassembler.ActiveTransfers);
        Assert.Equal(64, reassembler.BufferedBytes);
    }

    [Fact]
    public void Server_asks_for_smaller_blocks_and_the_client_continues_at_the_byte_offset()
    {
        var reassembler = Create(_limits with { MaxSizeExponent = 2 });
        var body = Body(1024 + 64);

        var first = reassembler.Accept(1, "k", new BlockOption(0, true, 6), body.AsSpan(0, 1024), null);
        Assert.Equal(new BlockOption(0, true, 2), first.Echo);

        var last = reassembler.Accept(1, "k", new BlockOption(16, false, 2), body.AsSpan(1024), null);
        Assert.Equal(Block1Status.Complete, last.Status);
        Assert.Equal(body, last.Body);
    }
}
