using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// A P-256 public key (x‖y) validated and imported once and kept for repeated ES256 verification (importing costs
/// more than verifying on the BCL path). Safe to use from several threads at once.
/// </summary>
public sealed class P256VerificationKey
{
    private readonly IP256PublicKey _key;

    private P256VerificationKey(byte[] rawKey, IP256PublicKey key)
    {
        RawKey = rawKey;
        _key = key;
    }

    /// <summary>x‖y, 64 bytes.</summary>
    public byte[] RawKey { get; }

    /// <summary>The key for x‖y; throws <see cref="CryptographicException"/> when it is not a point on P-256.</summary>
    public static P256VerificationKey Import(ReadOnlySpan<byte> rawKey) => new(rawKey.ToArray(), P256Operations.Current.ImportPublicKey(rawKey));

    /// <summary>
    /// The key of an encoded point (SEC 1 section 2.3.3: 04‖x‖y, or compressed 02/03‖x), as a SubjectPublicKeyInfo
    /// carries it (RFC 5480 section 2.2); throws <see cref="CryptographicException"/> when it is not a point on P-256.
    /// </summary>
    public static P256VerificationKey FromEncodedPoint(ReadOnlySpan<byte> encodedPoint) =>
        P256Curve.TryDecode(encodedPoint, out byte[] rawKey)
            ? Import(rawKey)
            : throw new CryptographicException("The encoded point is not a P-256 point.");

    /// <summary>ES256 over <paramref name="message"/>, signature r‖s (64 bytes).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Verify(message, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>ES256 over <paramref name="message"/>, the signature r‖s or DER (X.509, PKCS#10).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, DSASignatureFormat format) =>
        (format != DSASignatureFormat.IeeeP1363FixedFieldConcatenation || signature.Length == P256Operations.SignatureLength)
        && _key.Verify(message, signature, format);
}
