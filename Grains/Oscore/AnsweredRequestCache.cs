using System.Security.Cryptography;

namespace Eals.Grains.Oscore;

/// <summary>
/// The last few protected requests a security context answered, with the protected response it gave.
/// A CoAP retransmission that reaches the grain again (through another gateway, or after a gateway's
/// de-duplication cache forgot it) is the very same request: same Partial IV, same ciphertext. It gets
/// the byte-identical response again, never a new encryption (which would need a new nonce) and never a
/// replay error (which would fail the pledge). A different request reusing a Partial IV is not in here by
/// its hash and stays a replay. Bounded, oldest first; in memory only (after a restart the replay window
/// still rejects, which is safe).
/// </summary>
public sealed class AnsweredRequestCache(int capacity = AnsweredRequestCache.DefaultCapacity)
{
    public const int DefaultCapacity = 8;

    private readonly LinkedList<(byte[] Fingerprint, byte[] Response)> _entries = new();

    public int Count => _entries.Count;

    /// <summary>Identifies a protected request by what AEAD binds: its OSCORE option (kid, Partial IV) and ciphertext.</summary>
    public static byte[] Fingerprint(ReadOnlySpan<byte> oscoreOption, ReadOnlySpan<byte> ciphertext)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, oscoreOption.Length);
        hash.AppendData(length);
        hash.AppendData(oscoreOption);
        hash.AppendData(ciphertext);
        return hash.GetHashAndReset();
    }

    public bool TryGet(byte[] fingerprint, out byte[] response)
    {
        foreach (var (key, value) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(key, fingerprint))
            {
                response = value;
                return true;
            }
        }
        response = [];
        return false;
    }

    public void Add(byte[] fingerprint, byte[] response)
    {
        _entries.AddLast((fingerprint, response));
        while (_entries.Count > capacity)
        {
            _entries.RemoveFirst();
        }
    }

    public void Clear() => _entries.Clear();
}
