namespace Eals.Grains.Security;

/// <summary>
/// Encrypts the secrets a grain must keep across restarts (an EDHOC session's ephemeral key, an OSCORE
/// context's keys) so that grain storage never holds them in clear. The key lives outside grain state
/// (a file in the data folder, or a Kubernetes secret). <paramref name="purpose"/> binds a sealed blob
/// to the grain and field it belongs to, so one grain's blob cannot be replayed into another.
/// </summary>
public interface IStateSealer
{
    byte[] Seal(ReadOnlySpan<byte> secret, string purpose);

    /// <summary>The secret, or null when the blob was not sealed for <paramref name="purpose"/> with this key.</summary>
    byte[]? Unseal(ReadOnlySpan<byte> sealedBlob, string purpose);
}
