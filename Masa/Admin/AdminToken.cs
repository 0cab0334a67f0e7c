using Eals.Protocol.Pki;
using System.Security.Cryptography;
using System.Text;
using Eals.Masa.Options;
using Eals.Masa.Signing;
using Microsoft.AspNetCore.WebUtilities;

namespace Eals.Masa.Admin;

/// <summary>
/// The bearer token of the operator endpoints: <c>Masa:AdminToken</c> when configured, otherwise the content of
/// <c>DIR/masa/admin.token</c>, generated (32 random bytes, base64url, mode 0600) on first run. Only its SHA-256 is
/// kept in memory, and comparisons take the same time whatever the guess. The token itself is never logged.
/// </summary>
public sealed class AdminToken
{
    public const string FileName = "admin.token";
    private const int GeneratedBytes = 32;

    private readonly byte[] _digest;

    private AdminToken(string token, string? generatedAt)
    {
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        GeneratedAt = generatedAt;
    }

    /// <summary>The file the token was read from or written to, or null when it came from configuration.</summary>
    public string? GeneratedAt { get; }

    public static AdminToken LoadOrCreate(string? configured, string path)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return new AdminToken(configured, null);
        }

        if (!File.Exists(path))
        {
            try
            {
                var fresh = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(GeneratedBytes));
                OwnerOnlyFiles.CreateNew(path, Encoding.ASCII.GetBytes(fresh + "\n"), OwnerOnlyFiles.Secret);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        var stored = File.ReadAllText(path).Trim();
        if (stored.Length < MasaOptionsValidator.MinimumAdminTokenLength)
        {
            throw new InvalidOperationException($"{path} holds a token shorter than {MasaOptionsValidator.MinimumAdminTokenLength} characters; delete the file to have a new one generated, or set Masa:AdminToken.");
        }

        return new AdminToken(stored, path);
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;token&gt;</c> with this token.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest);
    }
}
