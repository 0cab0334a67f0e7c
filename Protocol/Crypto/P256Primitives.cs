using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// P-256 key generation, ECDH and ES256 over one <see cref="IP256Backend"/>, with every input checked here, the same
/// way whichever library computes: scalars in [1, n-1], public keys fully validated (coordinates below p, on the
/// curve), lengths exact. Public keys arrive as bare x-coordinates for ECDH (RFC 9528 section 3.7): a y is recovered,
/// and either y gives the same result because only the x-coordinate of the shared point is used.
/// </summary>
internal sealed class P256Primitives(IP256Backend backend)
{
    public IP256Backend Backend { get; } = backend;

    public KeyPair Generate(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] privateKey = new byte[P256Curve.CoordinateLength];
        // Rejection sampling keeps the scalar uniform in [1, n-1] and the draw replayable.
        do
        {
            random.Fill(privateKey);
        }
        while (!P256Curve.IsValidScalar(privateKey));
        byte[] publicKey = Backend.PublicKey(privateKey);
        return new KeyPair(privateKey, publicKey[..P256Curve.CoordinateLength], publicKey[P256Curve.CoordinateLength..]);
    }

    /// <summary>NIST SP 800-56A 5.6.2.3 validation of a bare x: 32 bytes, x &lt; p, and a point with that x exists.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> x) => P256Curve.TryRecoverY(x, out _);

    public bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKeyX, out byte[] sharedSecret)
    {
        sharedSecret = [];
        return P256Curve.IsValidScalar(privateKey)
            && P256Curve.TryRecoverY(publicKeyX, out byte[] y)
            && Backend.TryAgree(privateKey, publicKeyX, y, out sharedSecret);
    }

    /// <summary>ES256; throws <see cref="CryptographicException"/> for a private key that is not a scalar in [1, n-1].</summary>
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
    {
        if (!P256Curve.IsValidScalar(privateKey))
        {
            throw new CryptographicException("A P-256 private key is a 32-byte scalar in [1, n-1].");
        }
        return Backend.Sign(privateKey, message, format);
    }

    /// <summary>Verifies r‖s with the public key x‖y (64 bytes); false for a malformed key or signature.</summary>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 2 * P256Curve.CoordinateLength || !IsValidRawKey(publicKey))
        {
            return false;
        }
        try
        {
            using var key = Backend.ImportPublicKey(publicKey[..P256Curve.CoordinateLength], publicKey[P256Curve.CoordinateLength..]);
            return key.Verify(message, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The public key x‖y imported for repeated verification; throws <see cref="CryptographicException"/> when it is not a P-256 point.</summary>
    public IP256PublicKey ImportPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (!IsValidRawKey(publicKey))
        {
            throw new CryptographicException("A P-256 public key is x‖y (64 bytes), a point on the curve.");
        }
        return Backend.ImportPublicKey(publicKey[..P256Curve.CoordinateLength], publicKey[P256Curve.CoordinateLength..]);
    }

    private static bool IsValidRawKey(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == 2 * P256Curve.CoordinateLength
        && P256Curve.IsOnCurve(publicKey[..P256Curve.CoordinateLength], publicKey[P256Curve.CoordinateLength..]);
}
