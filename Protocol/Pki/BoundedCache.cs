using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Eals.Protocol.Pki;

/// <summary>
/// A process-wide memo of work done on exact byte strings (certificates, chains): keyed by the SHA-256 of the bytes,
/// and a hit also compares the bytes themselves, so only the very input that was checked before finds its entry.
/// Callers store only results of a complete, successful check (never a refusal), and the cache holds at most
/// <c>capacity</c> entries: when full it is emptied, so no input can make it grow without bound.
/// </summary>
public sealed class BoundedCache<TValue>(int capacity)
    where TValue : class
{
    private readonly ConcurrentDictionary<Key, (byte[] Bytes, TValue Value)> _entries = new();

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> bytes, out TValue value)
    {
        if (_entries.TryGetValue(Key.Of(bytes), out var entry) && entry.Bytes.AsSpan().SequenceEqual(bytes))
        {
            value = entry.Value;
            return true;
        }
        value = null!;
        return false;
    }

    public void Add(ReadOnlySpan<byte> bytes, TValue value)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
        _entries[Key.Of(bytes)] = (bytes.ToArray(), value);
    }

    public void Clear() => _entries.Clear();

    /// <summary>The bytes a chain is cached under: each element with its length in front, so no two lists share them.</summary>
    public static byte[] Concatenate(IEnumerable<byte[]> parts)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            buffer.Write(length);
            buffer.Write(part);
        }
        return buffer.ToArray();
    }

    private readonly record struct Key(ulong A, ulong B, ulong C, ulong D)
    {
        public static Key Of(ReadOnlySpan<byte> bytes)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes, hash);
            return new Key(
                BitConverter.ToUInt64(hash[..8]),
                BitConverter.ToUInt64(hash[8..16]),
                BitConverter.ToUInt64(hash[16..24]),
                BitConverter.ToUInt64(hash[24..]));
        }
    }
}
