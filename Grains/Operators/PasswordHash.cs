using System.Security.Cryptography;
using System.Text;

namespace Eals.Grains.Operators;

/// <summary>
/// A password stored as PBKDF2-HMAC-SHA256 with its own random salt. The iteration count is stored with
/// the hash, so it can be raised later without invalidating older hashes.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.password-hash")]
public sealed record PasswordHash(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] int Iterations)
{
    public const int DefaultIterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(salt, Derive(password, salt, iterations), iterations);
    }

    /// <summary>Whether <paramref name="password"/> is this one; the comparison takes the same time wherever they differ.</summary>
    public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(Derive(password, Salt, Iterations), Hash);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
