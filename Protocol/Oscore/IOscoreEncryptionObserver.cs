namespace Eals.Protocol.Oscore;

/// <summary>
/// Told of every AEAD encryption a security context performs, with the key and nonce it used, so a host
/// can prove that no (key, nonce) pair was ever used twice (the fault tests). Implementations must never
/// store or log the key itself: <see cref="OscoreNonceFingerprint"/> reduces the pair to a one-way hash.
/// Called on the context's owner's thread, right after encrypting.
/// </summary>
public interface IOscoreEncryptionObserver
{
    void Encrypted(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce);
}
