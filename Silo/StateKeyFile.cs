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

    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            byte[] existing = File.ReadAllBytes(path);
            if (existing.Length != AesGcmStateSealer.KeyLength)
            {
                throw new InvalidOperationException($"{path} must hold exactly {AesGcmStateSealer.KeyLength} bytes; it holds {existing.Length}.");
            }
            return existing;
        }
        byte[] key = RandomNumberGenerator.GetBytes(AesGcmStateSealer.KeyLength);
        try
        {
            OwnerOnlyFiles.CreateNew(path, key, OwnerOnlyFiles.Secret);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return LoadOrCreate(path);
        }
    }
}
