namespace Eals.Protocol.Coap.Blockwise;

/// <summary>
/// The bytes that block-wise state may hold at once, shared by whatever draws on it: one reassembler of a
/// gateway, or every block-wise grain of a silo, so the total stays bounded however many peers there are.
/// Thread-safe.
/// </summary>
public sealed class BlockwiseBudget
{
    private long _used;

    public BlockwiseBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public long Capacity { get; }

    public long Used => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> from the budget; false, taking nothing, when that would exceed it.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (used + bytes > Capacity)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _used, -bytes);
    }
}
