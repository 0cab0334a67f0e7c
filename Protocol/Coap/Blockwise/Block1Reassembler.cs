namespace Eals.Protocol.Coap.Blockwise;

/// <summary>
/// Server-side reassembly of request bodies sent with Block1 (RFC 7959 sections 2.3, 2.5 and 2.9.2),
/// bounded per body, per peer and overall. A transfer is identified by the peer and a request key the
/// caller derives from what RFC 9175 section 3.3 says makes two blocks belong together (method, URI
/// options, Request-Tag). Time comes from the injected <see cref="TimeProvider"/>. The overall bound is a
/// <see cref="BlockwiseBudget"/>: its own by default, or one shared with others (a silo's block-wise grains). Thread-safe.
/// </summary>
public sealed class Block1Reassembler<TPeer> where TPeer : IEquatable<TPeer>
{
    private readonly BlockwiseLimits _limits;
    private readonly TimeProvider _time;
    private readonly BlockwiseBudget _budget;
    private readonly Lock _lock = new();
    private readonly Dictionary<(TPeer Peer, string Key), LinkedListNode<Transfer>> _transfers = new();
    private readonly Dictionary<TPeer, int> _perPeer = new();
    // Least recently touched first, so expiry and per-peer eviction need no scan of the whole set.
    private readonly LinkedList<Transfer> _byActivity = new();
    private long _bufferedBytes;

    public Block1Reassembler(BlockwiseLimits limits, TimeProvider time, BlockwiseBudget? budget = null)
    {
        _limits = limits;
        _time = time;
        _budget = budget ?? new BlockwiseBudget(limits.MaxTotalBytes);
    }

    public int ActiveTransfers
    {
        get { lock (_lock) { return _transfers.Count; } }
    }

    public long BufferedBytes
    {
        get { lock (_lock) { return _bufferedBytes; } }
    }

    public Block1Result Accept(TPeer peer, string requestKey, BlockOption block, ReadOnlySpan<byte> payload, uint? size1)
    {
        if (block.SizeExponent > BlockOption.MaxSizeExponent)
        {
            return Block1Result.Fail(Block1Status.BadRequest, "Block1 SZX 7 is reserved");
        }
        if (block.More && payload.Length != block.Size)
        {
            return Block1Result.Fail(Block1Status.BadRequest, $"Block1 {block}: a block with M=1 must carry exactly {block.Size} bytes, not {payload.Length}");
        }
        if (!block.More && payload.Length > block.Size)
        {
            return Block1Result.Fail(Block1Status.BadRequest, $"Block1 {block}: payload of {payload.Length} bytes exceeds the block size");
        }
        if (size1 is { } announced && announced > _limits.MaxBodySize)
        {
            return Block1Result.Fail(Block1Status.TooLarge, $"body of {announced} bytes exceeds {_limits.MaxBodySize}");
        }

        int echoSzx = Math.Min(block.SizeExponent, _limits.MaxSizeExponent);
        long now = _time.GetTimestamp();
        var key = (peer, requestKey);
        lock (_lock)
        {
            PurgeExpired(now);
            _transfers.TryGetValue(key, out var node);

            if (block.Number == 0)
            {
                // A block 0 always (re)starts the transfer.
                if (node is not null)
                {
                    Remove(node);
                    node = null;
                }
                if (payload.Length > _limits.MaxBodySize)
                {
                    return Block1Result.Fail(Block1Status.TooLarge, $"body exceeds {_limits.MaxBodySize} bytes");
                }
                if (!block.More)
                {
                    return new Block1Result(Block1Status.Complete, new BlockOption(0, false, echoSzx), payload.ToArray(), null);
                }
                EvictOldestOfPeerIfFull(peer);
                var transfer = new Transfer(peer, requestKey, Math.Max(payload.Length * 4, 256), now);
                node = _byActivity.AddLast(transfer);
                _transfers[key] = node;
                _perPeer[peer] = _perPeer.GetValueOrDefault(peer) + 1;
            }
            else if (node is null)
            {
                return Block1Result.Fail(Block1Status.Incomplete, $"no transfer in progress for block {block.Number}");
            }
            else if (block.Offset != node.Value.Length)
            {
                Remove(node);
                return Block1Result.Fail(Block1Status.Incomplete, $"block {block} starts at byte {block.Offset}, expected {node.Value.Length}");
            }

            var current = node.Value;
            if (current.Length + payload.Length > _limits.MaxBodySize)
            {
                Remove(node);
                return Block1Result.Fail(Block1Status.TooLarge, $"body exceeds {_limits.MaxBodySize} bytes");
            }
            if (!_budget.TryReserve(payload.Length))
            {
                Remove(node);
                return Block1Result.Fail(Block1Status.Overloaded, "block-wise buffers are full, retry later");
            }

            _bufferedBytes += current.Append(payload, _limits.MaxBodySize);
            current.LastActivity = now;
            _byActivity.Remove(node);
            _byActivity.AddLast(node);

            if (block.More)
            {
                return new Block1Result(Block1Status.Continue, new BlockOption(block.Number, true, echoSzx), null, null);
            }
            var body = current.ToArray();
            Remove(node);
            return new Block1Result(Block1Status.Complete, new BlockOption(block.Number, false, echoSzx), body, null);
        }
    }

    /// <summary>Drops the transfers idle longer than the lifetime (done on every block too); returns how many remain.</summary>
    public int PurgeExpired()
    {
        lock (_lock)
        {
            PurgeExpired(_time.GetTimestamp());
            return _transfers.Count;
        }
    }

    /// <summary>Drops every transfer, giving its bytes back to the budget.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            while (_byActivity.First is { } node)
            {
                Remove(node);
            }
        }
    }

    private void PurgeExpired(long now)
    {
        while (_byActivity.First is { } oldest && _time.GetElapsedTime(oldest.Value.LastActivity, now) > _limits.Lifetime)
        {
            Remove(oldest);
        }
    }

    private void EvictOldestOfPeerIfFull(TPeer peer)
    {
        if (_perPeer.GetValueOrDefault(peer) < _limits.MaxTransfersPerPeer)
        {
            return;
        }
        for (var node = _byActivity.First; node is not null; node = node.Next)
        {
            if (node.Value.Peer.Equals(peer))
            {
                Remove(node);
                return;
            }
        }
    }

    private void Remove(LinkedListNode<Transfer> node)
    {
        var transfer = node.Value;
        _byActivity.Remove(node);
        _transfers.Remove((transfer.Peer, transfer.Key));
        int remaining = _perPeer[transfer.Peer] - 1;
        if (remaining == 0)
        {
            _perPeer.Remove(transfer.Peer);
        }
        else
        {
            _perPeer[transfer.Peer] = remaining;
        }
        _bufferedBytes -= transfer.Length;
        _budget.Release(transfer.Length);
    }

    private sealed class Transfer(TPeer peer, string key, int initialCapacity, long now)
    {
        private byte[] _buffer = new byte[initialCapacity];

        public TPeer Peer { get; } = peer;
        public string Key { get; } = key;
        public int Length { get; private set; }
        public long LastActivity { get; set; } = now;
        /// <summary>Appends and returns the growth in buffered bytes.</summary>
        public int Append(ReadOnlySpan<byte> data, int maxBodySize)
        {
            if (Length + data.Length > _buffer.Length)
            {
                int size = Math.Min(Math.Max(_buffer.Length * 2, Length + data.Length), maxBodySize);
                Array.Resize(ref _buffer, size);
            }
            data.CopyTo(_buffer.AsSpan(Length));
            Length += data.Length;
            return data.Length;
        }

        public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
    }
}
