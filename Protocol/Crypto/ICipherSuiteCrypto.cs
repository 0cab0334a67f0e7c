namespace Eals.Protocol.Crypto;

/// <summary>
/// Every cryptographic primitive EDHOC cipher suites 0 and 2 need (RFC 9528 section 10.2), behind one
/// narrow interface so the protocol code stays pure and another provider (hardware, a test double)
/// can be swapped in. Methods report invalid input by their return value, never by throwing.
/// </summary>
public interface ICipherSuiteCrypto
{
    /// <summary>SHA-256.</summary>
    byte[] Hash(ReadOnlySpan<byte> data);

    /// <summary>HKDF-Extract with SHA-256 (RFC 5869).</summary>
    byte[] HkdfExtract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial);

    /// <summary>HKDF-Expand with SHA-256 (RFC 5869); <paramref name="length"/> at most 255 * 32.</summary>
    byte[] HkdfExpand(ReadOnlySpan<byte> pseudoRandomKey, ReadOnlySpan<byte> info, int length);

    /// <summary>AES-CCM-16-64-128: 16-byte key, 13-byte nonce, 8-byte tag appended to the ciphertext.</summary>
    byte[] AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext);

    /// <summary>AES-CCM-16-64-128 decryption; false when the tag does not verify.</summary>
    bool TryAeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, out byte[] plaintext);

    /// <summary>A Diffie-Hellman key pair whose private key is drawn from <paramref name="random"/>.</summary>
    KeyPair GenerateKeyPair(KeyAgreementCurve curve, IRandomSource random);

    /// <summary>A signing key pair whose private key is drawn from <paramref name="random"/>.</summary>
    KeyPair GenerateSigningKeyPair(SignatureAlgorithm algorithm, IRandomSource random);

    /// <summary>Public-key validation (RFC 9528 section 9.2): length, range, on the curve, not of low order.</summary>
    bool IsValidPublicKey(KeyAgreementCurve curve, ReadOnlySpan<byte> publicKey);

    /// <summary>The ECDH shared secret (the x-coordinate for P-256); false for an invalid key or an all-zero X25519 result.</summary>
    bool TryDeriveSharedSecret(KeyAgreementCurve curve, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, out byte[] sharedSecret);

    /// <summary>Signs <paramref name="message"/>; ES256 signatures are raw r‖s.</summary>
    byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message);

    /// <summary>Verifies a signature; false for a bad signature or a malformed key.</summary>
    bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
