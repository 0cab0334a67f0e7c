using System.Diagnostics.CodeAnalysis;

namespace Eals.Gateway.Messaging;

/// <summary>
/// A thread-safe map whose entries expire after a lifetime and whose size never exceeds a capacity: when
/// full, the oldest entry goes first. Sharded by key hash so that all cores can use it at once; eviction
/// order is insertion order (a FIFO queue per shard), so no entry is ever scanned twice.
/// </summary>
public sealed class BoundedCache<TKey, TValue> where TKey : notnull, IEquatable<TKey>
{
    private readonly Shard[] _shards;
    private readonly TimeProvider _time;

    public BoundedCache(int capacity, TimeProvider time, int shardCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (shardCount <= 0)
        {
            shardCount = Math.Min(64, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 4));
        }
        shardCount = Math.Min(shardCount, capacity);
        _time = time;
        _shards = new Shard[shardCount];
        int perShard = capacity / shardCount;
        for (int i = 0; i < shardCount; i++)
        {
            _shards[i] = new Shard(i < capacity % shardCount ? perShard + 1 : perShard);
        }
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            int count = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    count += shard.Entries.Count;
                }
            }
            return count;
        }
    }

    /// <summary>Adds the entry unless a live one exists for the key, in which case that one is returned.</summary>
    public bool TryAdd(TKey key, TValue value, TimeSpan lifetime, [MaybeNullWhen(true)] out TValue existing)
    {
        long now = _time.GetTimestamp();
        var shard = ShardFor(key);
        lock (shard)
        {
            shard.PurgeExpired(now);
            if (shard.Entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
            {
                existing = entry.Value;
                return false;
            }
            shard.Insert(key, value, now + ToTicks(lifetime));
            existing = default;
            return true;
        }
    }

    /// <summary>Adds or replaces; a replaced entry keeps its place in eviction order.</summary>
    public void Set(TKey key, TValue value, TimeSpan lifetime)
    {
        long now = _time.GetTimestamp();
        var shard = ShardFor(key);
        lock (shard)
        {
            shard.PurgeExpired(now);
            if (shard.Entries.TryGetValue(key, out var entry))
            {
                shard.Entries[key] = entry with { Value = value, ExpiresAt = now + ToTicks(lifetime) };
            }
            else
            {
                shard.Insert(key, value, now + ToTicks(lifetime));
            }
        }
    }

    /// <summary>Replaces the value of a live entry only; false when there is none.</summary>
    public bool TryUpdate(TKey key, TValue value)
    {
        long now = _time.GetTimestamp();
        var shard = ShardFor(key);
        lock (shard)
        {
            if (shard.Entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
            {
                shard.Entries[key] = entry with { Value = value };
                return true;
            }
            return false;
        }
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        long now = _time.GetTimestamp();
        var shard = ShardFor(key);
        lock (shard)
        {
            if (shard.Entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool TryRemove(TKey key)
    {
        var shard = ShardFor(key);
        lock (shard)
        {
            return shard.Entries.Remove(key);
        }
    }

    private Shard ShardFor(TKey key) => _shards[(uint)key.GetHashCode() % (uint)_shards.Length];

    private long ToTicks(TimeSpan lifetime) => (long)(lifetime.TotalSeconds * _time.TimestampFrequency);

    private readonly record struct Entry(TValue Value, long ExpiresAt, long Sequence);

    private sealed class Shard(int capacity)
    {
        public readonly Dictionary<TKey, Entry> Entries = new();
        // Insertion order; an item whose sequence no longer matches its entry was removed or re-inserted.
        private readonly Queue<(TKey Key, long Sequence)> _order = new();
        private long _sequence;

        public void Insert(TKey key, TValue value, long expiresAt)
        {
            while (Entries.Count >= capacity && _order.Count > 0)
            {
                RemoveOldest();
            }
            long sequence = ++_sequence;
            Entries[key] = new Entry(value, expiresAt, sequence);
            _order.Enqueue((key, sequence));
            // Items left stale by removals are compacted away (amortised O(1)) so the queue stays bounded too.
            if (_order.Count > (capacity * 2) + 16)
            {
                Compact();
            }
        }

        public void PurgeExpired(long now)
        {
            while (_order.TryPeek(out var head))
            {
                if (!Entries.TryGetValue(head.Key, out var entry) || entry.Sequence != head.Sequence)
                {
                    _order.Dequeue();
                    continue;
                }
                if (entry.ExpiresAt > now)
                {
                    return;
                }
                _order.Dequeue();
                Entries.Remove(head.Key);
            }
        }

        private void RemoveOldest()
        {
            var (key, sequence) = _order.Dequeue();
            if (Entries.TryGetValue(key, out var entry) && entry.Sequence == sequence)
            {
                Entries.Remove(key);
            }
        }

        private void Compact()
        {
            int count = _order.Count;
            for (int i = 0; i < count; i++)
            {
                var item = _order.Dequeue();
                if (Entries.TryGetValue(item.Key, out var entry) && entry.Sequence == item.Sequence)
                {
                    _order.Enqueue(item);
                }
            }
        }
    }
}
