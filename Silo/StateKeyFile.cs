using System.Security.Cryptography;
using Eals.Grains.Security;
using Eals.Protocol.Pki;

namespace Eals.Silo;

/// <summary>
/// The key that seals secrets in grain state (<see cref="AesGcmStateSealer"/>): <c>keys/state.key</c> under
/// the data folder (or a configured path, e.g. a mounted Kubernetes secret), 32 random bytes, created on
/// first run readable by the owner only. Losing it makes sealed EDHOC sessions and OSCORE contexts
/// unreadable: pledges then simply run EDHOC again.
/// </summary>
public static class StateKeyFile
{
    public const string ConfigurationKey = "Registrar:StateKeyPath";

    /// <summary>Where the gateways' and silos' shared routing secret is (<see cref="Eals.Protocol.Crypto.RoutingKeys"/>).</summary>
    public const string RoutingKeyConfigurationKey = "Gateway:RoutingKeyPath";

    public static byte[] LoadOrCreate(string path) => LoadOrCreate(path, AesGcmStateSealer.KeyLength);

    /// <summary>The routing secret: <c>keys/gateway.key</c> under the data folder unless configured (a mounted secret).</summary>
    public static byte[] LoadOrCreateRoutingKey(Microsoft.Extensions.Configuration.IConfiguration configuration, string dataPath) =>
        LoadOrCreate(configuration[RoutingKeyConfigurationKey] ?? RoutingKeyPath(dataPath), Eals.Protocol.Crypto.RoutingKeys.SecretLength);

    /// <summary>Where the routing secret is kept in a data folder when no path is configured.</summary>
    public static string RoutingKeyPath(string dataPath) => Path.Combine(dataPath, "keys", "gateway.key");

    private static byte[] LoadOrCreate(string path, int length)
    {
        if (File.Exists(path))
        {
            byte[] existing = File.ReadAllBytes(path);
            if (existing.Length != length)
            {
                throw new InvalidOperationException($"{path} must hold exactly {length} bytes; it holds {existing.Length}.");
            }
            return existing;
        }
        byte[] key = RandomNumberGenerator.GetBytes(length);
        try
        {
            OwnerOnlyFiles.CreateNew(path, key, OwnerOnlyFiles.Secret);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return LoadOrCreate(path, length);
        }
    }
}
