using System.Security.Cryptography;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The registrar's connection identifiers (C_I or C_R, and afterwards the pledge's OSCORE 'kid'): a random part
/// followed by a <see cref="TagLength"/>-byte truncated HMAC-SHA256 of it under the deployment's tag key
/// (<see cref="RoutingKeys.ConnectionIdTag"/>), so a gateway refuses an identifier nobody issued without asking a grain.
/// </summary>
/// <remarks>
/// Sizes: the identifier is also an OSCORE Sender/Recipient ID, at most <see cref="MaxLength"/> (7) bytes with
/// AES-CCM-16-64-128, and it travels in every EDHOC message and OSCORE request, so the whole of it is 6 or 7 bytes
/// (2 more than the untagged 5 of the releases before). A 3-byte tag lets a guessed identifier through once in
/// 2^24 (16.7 million) tries, and one let through costs only what every unknown identifier cost before (one grain
/// activation, collected when idle): not worth a longer tag at the expense of the random part. The random part
/// (4 bytes by default) must stay unique while a context under it exists: 2^32 values, a clash is found by the
/// session grain and another identifier drawn.
/// </remarks>
public static class TaggedConnectionId
{
    public const int TagLength = 3;

    public const int MinRandomLength = 3;

    public const int MinLength = MinRandomLength + TagLength;

    public const int MaxLength = OscoreAlgorithm.MaxIdLength;

    /// <summary>A new identifier of <paramref name="length"/> bytes (<see cref="MinLength"/>..<see cref="MaxLength"/>): random bytes from <paramref name="random"/>, then their tag.</summary>
    public static byte[] Create(ReadOnlySpan<byte> key, int length, IRandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        byte[] id = new byte[length];
        int randomLength = length - TagLength;
        random.Fill(id.AsSpan(0, randomLength));
        WriteTag(key, id.AsSpan(0, randomLength), id.AsSpan(randomLength));
        return id;
    }

    /// <summary>Whether <paramref name="id"/> has an allowed length and ends with the tag of the bytes before it.</summary>
    public static bool IsValid(ReadOnlySpan<byte> key, ReadOnlySpan<byte> id)
    {
        if (id.Length is < MinLength or > MaxLength)
        {
            return false;
        }
        int randomLength = id.Length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        WriteTag(key, id[..randomLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, id[randomLength..]);
    }

    private static void WriteTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> randomPart, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, randomPart, mac);
        mac[..TagLength].CopyTo(tag);
    }
}
