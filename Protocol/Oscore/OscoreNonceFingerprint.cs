using System.Security.Cryptography;

namespace Eals.Protocol.Oscore;

/// <summary>A (key, nonce) pair reduced to lowercase hex SHA-256(key ‖ nonce): equal pairs give equal lines, the key cannot be recovered.</summary>
public static class OscoreNonceFingerprint
{
    public static string Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        Span<byte> joined = stackalloc byte[key.Length + nonce.Length];
        key.CopyTo(joined);
        nonce.CopyTo(joined[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(joined, hash);
        CryptographicOperations.ZeroMemory(joined);
        return Convert.ToHexStringLower(hash);
    }
}
