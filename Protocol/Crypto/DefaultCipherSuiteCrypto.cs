using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// The default provider: BCL (OpenSSL) for SHA-256, HKDF, AES-CCM, P-256 ECDH and ES256; BouncyCastle
/// for X25519 and Ed25519. Stateless and thread-safe.
/// </summary>
public sealed class DefaultCipherSuiteCrypto : ICipherSuiteCrypto
{
    private const int AeadKeyLength = 16;
    private const int AeadNonceLength = 13;
    private const int AeadTagLength = 8;

    public static DefaultCipherSuiteCrypto Instance { get; } = new();

    public byte[] Hash(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public byte[] HkdfExtract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial)
    {
        byte[] prk = new byte[SHA256.HashSizeInBytes];
        HKDF.Extract(HashAlgorithmName.SHA256, inputKeyMaterial, salt, prk);
        return prk;
    }

    public byte[] HkdfExpand(ReadOnlySpan<byte> pseudoRandomKey, ReadOnlySpan<byte> info, int length)
    {
        byte[] output = new byte[length];
        HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, output, info);
        return output;
    }

    public byte[] AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        byte[] output = new byte[plaintext.Length + AeadTagLength];
        using var ccm = new AesCcm(key);
        ccm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    public bool TryAeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        plaintext = [];
        if (key.Length != AeadKeyLength || nonce.Length != AeadNonceLength || ciphertext.Length < AeadTagLength)
        {
            return false;
        }
        byte[] output = new byte[ciphertext.Length - AeadTagLength];
        try
        {
            using var ccm = new AesCcm(key);
            ccm.Decrypt(nonce, ciphertext[..output.Length], ciphertext[output.Length..], output, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        plaintext = output;
        return true;
    }

    public KeyPair GenerateKeyPair(KeyAgreementCurve curve, IRandomSource random) => curve switch
    {
        KeyAgreementCurve.X25519 => Curve25519Operations.GenerateX25519(random),
        KeyAgreementCurve.P256 => P256Operations.Generate(random),
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };

    public KeyPair GenerateSigningKeyPair(SignatureAlgorithm algorithm, IRandomSource random) => algorithm switch
    {
        SignatureAlgorithm.EdDsa => Curve25519Operations.GenerateEd25519(random),
        SignatureAlgorithm.Es256 => P256Operations.Generate(random),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public bool IsValidPublicKey(KeyAgreementCurve curve, ReadOnlySpan<byte> publicKey) => curve switch
    {
        KeyAgreementCurve.X25519 => Curve25519Operations.IsValidX25519PublicKey(publicKey),
        KeyAgreementCurve.P256 => P256Operations.IsValidPublicKey(publicKey),
        _ => false,
    };

    public bool TryDeriveSharedSecret(KeyAgreementCurve curve, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, out byte[] sharedSecret)
    {
        sharedSecret = [];
        return curve switch
        {
            KeyAgreementCurve.X25519 => Curve25519Operations.TryAgree(privateKey, publicKey, out sharedSecret),
            KeyAgreementCurve.P256 => P256Operations.TryAgree(privateKey, publicKey, out sharedSecret),
            _ => false,
        };
    }

    public byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message) => algorithm switch
    {
        SignatureAlgorithm.EdDsa => Curve25519Operations.SignEd25519(privateKey, message),
        SignatureAlgorithm.Es256 => P256Operations.Sign(privateKey, message),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => algorithm switch
    {
        SignatureAlgorithm.EdDsa => Curve25519Operations.VerifyEd25519(publicKey, message, signature),
        SignatureAlgorithm.Es256 => P256Operations.Verify(publicKey, message, signature),
        _ => false,
    };
}
