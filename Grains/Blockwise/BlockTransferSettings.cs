using Eals.Protocol.Coap.Blockwise;

namespace Eals.Grains.Blockwise;

/// <summary>
/// What the block-wise grains of a silo share: the gateways' limits (the same options, so a transfer is
/// refused alike whichever way it goes) and one budget for all of them, so no peer, and no number of
/// peers, grows the silo's memory beyond <see cref="BlockwiseLimits.MaxTotalBytes"/>; and their clock
/// (the system's, a fake one in tests without changing the silo's own).
/// </summary>
public sealed class BlockTransferSettings(BlockwiseLimits limits, TimeProvider? time = null)
{
    public BlockwiseLimits Limits { get; } = limits;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    public BlockwiseBudget Budget { get; } = new(limits.MaxTotalBytes);
}
