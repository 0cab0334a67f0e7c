using System.Security.Cryptography;
using System.Text;

namespace Eals.Grains.Security;

/// <summary>
/// AES-256-GCM sealing: <c>version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext</c>, the purpose as associated data.
/// Random nonces are safe here: far fewer than 2^32 blobs are sealed under one key. Grains on every
/// thread seal at once and <see cref="AesGcm"/> is not thread-safe, so each call has its own instance.
/// </summary>
public sealed class AesGcmStateSealer : IStateSealer
{
    public const int KeyLength = 32;
    private const byte Version = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + NonceLength + TagLength;

    private readonly byte[] _key;

    public AesGcmStateSealer(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The state sealing key must be {KeyLength} bytes.", nameof(key));
        }
        _key = key.ToArray();
    }

    public byte[] Seal(ReadOnlySpan<byte> secret, string purpose)
    {
        var blob = new byte[HeaderLength + secret.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, secret, blob.AsSpan(HeaderLength), blob.AsSpan(1 + NonceLength, TagLength), Encoding.UTF8.GetBytes(purpose));
        return blob;
    }

    public byte[]? Unseal(ReadOnlySpan<byte> sealedBlob, string purpose)
    {
        if (sealedBlob.Length < HeaderLength || sealedBlob[0] != Version)
        {
            return null;
        }
        var secret = new byte[sealedBlob.Length - HeaderLength];
        using var aes = new AesGcm(_key, TagLength);
        try
        {
            aes.Decrypt(sealedBlob.Slice(1, NonceLength), sealedBlob[HeaderLength..], sealedBlob.Slice(1 + NonceLength, TagLength), secret, Encoding.UTF8.GetBytes(purpose));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
