using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Tokens for requests this endpoint sends: 8 bytes, a random per-endpoint prefix XOR a counter, so they are
/// unguessable off-path (RFC 7252 section 5.3.1) and never repeat within the endpoint's life.
/// </summary>
public sealed class TokenAllocator
{
    private readonly ulong _key;
    private long _counter;

    public TokenAllocator()
    {
        Span<byte> seed = stackalloc byte[16];
        RandomNumberGenerator.Fill(seed);
        _key = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        _counter = BinaryPrimitives.ReadInt64LittleEndian(seed[8..]);
    }

    public ulong NextValue()
    {
        // A bijective mix of the counter keeps tokens unique while hiding their sequence.
        ulong x = (ulong)Interlocked.Increment(ref _counter) ^ _key;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }

    public byte[] Next()
    {
        var token = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(token, NextValue());
        return token;
    }
}
