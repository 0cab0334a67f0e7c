using Eals.Protocol.Crypto;

namespace Eals.Pledge.Vectors;

/// <summary>
/// The default provider, except that an ES256 signature is replaced by the one the vector lists when
/// that signature verifies over exactly the bytes being signed. ECDSA as the BCL implements it is
/// randomised, so a trace with an ES256 signer can only be replayed byte for byte this way; any
/// difference in the signed Sig_structure still shows (the listed signature then does not verify and a
/// fresh one is made, which makes every later value differ).
/// </summary>
public sealed class EdhocVectorCrypto(IReadOnlyList<byte[]> listedSignatures) : ICipherSuiteCrypto
{
    private readonly ICipherSuiteCrypto _inner = DefaultCipherSuiteCrypto.Instance;

    public byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        if (algorithm == SignatureAlgorithm.Es256)
        {
            var keys = _inner.GenerateSigningKeyPair(algorithm, new EdhocReplayRandomSource(privateKey.ToArray()));
            byte[] publicKey = [.. keys.PublicKey, .. keys.PublicKeyY];
            foreach (byte[] signature in listedSignatures)
            {
                if (_inner.Verify(algorithm, publicKey, message, signature))
                {
                    return signature;
                }
            }
        }
        return _inner.Sign(algorithm, privateKey, message);
    }

    public byte[] Hash(ReadOnlySpan<byte> data) => _inner.Hash(data);

    public byte[] HkdfExtract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial) => _inner.HkdfExtract(salt, inputKeyMaterial);

    public byte[] HkdfExpand(ReadOnlySpan<byte> pseudoRandomKey, ReadOnlySpan<byte> info, int length) => _inner.HkdfExpand(pseudoRandomKey, info, length);

    public byte[] AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext) =>
        _inner.AeadEncrypt(key, nonce, associatedData, plaintext);

    public bool TryAeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, out byte[] plaintext) =>
        _inner.TryAeadDecrypt(key, nonce, associatedData, ciphertext, out plaintext);

    public KeyPair GenerateKeyPair(KeyAgreementCurve curve, IRandomSource random) => _inner.GenerateKeyPair(curve, random);

    public KeyPair GenerateSigningKeyPair(SignatureAlgorithm algorithm, IRandomSource random) => _inner.GenerateSigningKeyPair(algorithm, random);

    public bool IsValidPublicKey(KeyAgreementCurve curve, ReadOnlySpan<byte> publicKey) => _inner.IsValidPublicKey(curve, publicKey);

    public bool TryDeriveSharedSecret(KeyAgreementCurve curve, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, out byte[] sharedSecret) =>
        _inner.TryDeriveSharedSecret(curve, privateKey, publicKey, out sharedSecret);

    public bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        _inner.Verify(algorithm, publicKey, message, signature);
}
