using System.Security.Cryptography;
using System.Text;
using Eals.Protocol.Pki;

namespace Eals.Masa.Ace;

/// <summary>
/// Encrypts the AS's per-token secrets (the pledge's client key, the OSCORE master secret) before they reach the
/// database: AES-256-GCM under a key kept in its own file (<c>masa/ace-secrets.key</c>, 0600, created on first
/// run), bound by its additional data to the token it belongs to, so a row copied onto another token does not open.
/// </summary>
public sealed class AceSecretBox
{
    public const string FileName = "ace-secrets.key";
    private const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly byte[] _key;

    private AceSecretBox(byte[] key) => _key = key;

    public static AceSecretBox LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                OwnerOnlyFiles.CreateNew(path, RandomNumberGenerator.GetBytes(KeyLength), OwnerOnlyFiles.Secret);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        var key = File.ReadAllBytes(path);
        return key.Length == KeyLength ? new AceSecretBox(key) : throw new InvalidOperationException($"{path} does not hold a {KeyLength}-byte key.");
    }

    public byte[] Seal(ReadOnlySpan<byte> secret, string purpose)
    {
        var sealedBlob = new byte[NonceLength + TagLength + secret.Length];
        var nonce = sealedBlob.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aead = new AesGcm(_key, TagLength);
        aead.Encrypt(nonce, secret, sealedBlob.AsSpan(NonceLength + TagLength), sealedBlob.AsSpan(NonceLength, TagLength), Encoding.UTF8.GetBytes(purpose));
        return sealedBlob;
    }

    /// <summary>The secret, or null when the blob was not sealed for <paramref name="purpose"/> under this key.</summary>
    public byte[]? Unseal(ReadOnlySpan<byte> sealedBlob, string purpose)
    {
        if (sealedBlob.Length < NonceLength + TagLength)
        {
            return null;
        }
        var secret = new byte[sealedBlob.Length - NonceLength - TagLength];
        try
        {
            using var aead = new AesGcm(_key, TagLength);
            aead.Decrypt(sealedBlob[..NonceLength], sealedBlob[(NonceLength + TagLength)..], sealedBlob.Slice(NonceLength, TagLength), secret, Encoding.UTF8.GetBytes(purpose));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
