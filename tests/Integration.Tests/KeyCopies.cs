using System.Security.Cryptography;

namespace Eals.Integration.Tests;

internal static class KeyCopies
{
    /// <summary>An independent copy of a key (the minted one is disposed with its CertifiedKey).</summary>
    public static ECDsa ExportAndImport(this ECDsa key)
    {
        var copy = ECDsa.Create();
        copy.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);
        return copy;
    }
}
