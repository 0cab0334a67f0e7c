using System.Security.Cryptography;

namespace Eals.Masa.Policy;

/// <summary>Domain identities as the MASA records them: the SHA-256 of the domain CA certificate's DER, lower-case hex.</summary>
public static class Fingerprints
{
    private const int Sha256HexLength = 64;

    public static string Of(ReadOnlySpan<byte> certificateDer) => Convert.ToHexStringLower(SHA256.HashData(certificateDer));

    /// <summary>Lower-case hex of a configured fingerprint (colons, spaces and case ignored), or null when it is not 32 bytes of hex.</summary>
    public static string? TryNormalize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var compact = new string([.. text.Where(c => c != ':' && !char.IsWhiteSpace(c))]).ToLowerInvariant();
        return compact.Length == Sha256HexLength && compact.All(char.IsAsciiHexDigit) ? compact : null;
    }
}
