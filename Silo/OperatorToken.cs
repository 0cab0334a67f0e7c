using System.Security.Cryptography;
using System.Text;
using Eals.Protocol.Pki;

namespace Eals.Silo;

/// <summary>
/// The operator API's bearer token: configuration <c>Dashboard:ApiToken</c>, or else <c>keys/operator.token</c>
/// under the data folder, created on first run readable by the owner only. Logs name the file, never the token.
/// </summary>
public static class OperatorToken
{
    public const string ConfigurationKey = "Dashboard:ApiToken";

    public static string FilePath(string dataFolder) => Path.Combine(dataFolder, "keys", "operator.token");

    public static byte[] LoadHash(string? configured, string dataFolder)
    {
        string token = string.IsNullOrWhiteSpace(configured) ? LoadOrCreate(FilePath(dataFolder)) : configured.Trim();
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        try
        {
            OwnerOnlyFiles.CreateNew(path, Encoding.ASCII.GetBytes(token + "\n"), OwnerOnlyFiles.Secret);
            return token;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }
}
