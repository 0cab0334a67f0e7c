using Eals.Protocol.Crypto;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>The crypto provider's validation and primitives (RFC 9528 section 9.2; RFC 9529 values).</summary>
public sealed class CipherSuiteCryptoTests
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    [Fact]
    public void P256_public_key_from_rfc_9529_private_key()
    {
        var keys = Crypto.GenerateKeyPair(KeyAgreementCurve.P256, new FixedRandomSource(Rfc9529Vectors.Hex(3, "x")));
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_x"), keys.PublicKey);
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_x_y_coordinate"), keys.PublicKeyY);
    }

    [Fact]
    public void P256_ecdh_matches_rfc_9529_g_xy()
    {
        Assert.True(Crypto.TryDeriveSharedSecret(KeyAgreementCurve.P256, Rfc9529Vectors.Hex(3, "x"), Rfc9529Vectors.Hex(3, "g_y"), out byte[] secret));
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_xy"), secret);
    }

    [Fact]
    public void X25519_ecdh_matches_rfc_9529_g_xy()
    {
        Assert.True(Crypto.TryDeriveSharedSecret(KeyAgreementCurve.X25519, Rfc9529Vectors.Hex(2, "y"), Rfc9529Vectors.Hex(2, "g_x"), out byte[] secret));
        Assert.Equal(Rfc9529Vectors.Hex(2, "g_xy"), secret);
    }

    [Theory]
    [InlineData("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")]  // p itself
    [InlineData("a04e73601df544a70ba7ea1e57030f7d4b4eb7f673924e58d54ca77a5e7d4d4a")]  // not on the curve
    [InlineData("d9697725d23a688b12d1c7e0108a08c9f71a85a09c20814976ab21122248fc")]    // 31 bytes
    public void Invalid_p256_keys_are_rejected(string hex)
    {
        Assert.False(Crypto.IsValidPublicKey(KeyAgreementCurve.P256, Convert.FromHexString(hex)));
        Assert.False(Crypto.TryDeriveSharedSecret(KeyAgreementCurve.P256, Rfc9529Vectors.Hex(3, "x"), Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Es256_signatures_are_raw_64_bytes_and_verify()
    {
        var keys = Crypto.GenerateSigningKeyPair(SignatureAlgorithm.Es256, new SeededRandomSource(5));
        byte[] signature = Crypto.Sign(SignatureAlgorithm.Es256, keys.PrivateKey, [1, 2, 3]);
        Assert.Equal(64, signature.Length);
        Assert.True(Crypto.Verify(SignatureAlgorithm.Es256, [.. keys.PublicKey, .. keys.PublicKeyY], [1, 2, 3], signature));
        Assert.False(Crypto.Verify(SignatureAlgorithm.Es256, [.. keys.PublicKey, .. keys.PublicKeyY], [1, 2, 4], signature));
        Assert.False(Crypto.Verify(SignatureAlgorithm.Es256, keys.PublicKey, [1, 2, 3], signature));
    }

    [Fact]
    public void Aead_rejects_a_modified_tag()
    {
        byte[] key = new byte[16], nonce = new byte[13];
        byte[] ciphertext = Crypto.AeadEncrypt(key, nonce, [9], [1, 2, 3]);
        Assert.True(Crypto.TryAeadDecrypt(key, nonce, [9], ciphertext, out byte[] plaintext));
        Assert.Equal([1, 2, 3], plaintext);
        ciphertext[^1] ^= 1;
        Assert.False(Crypto.TryAeadDecrypt(key, nonce, [9], ciphertext, out _));
    }
}
