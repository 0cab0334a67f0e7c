using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.EC;

namespace Eals.Protocol.Crypto;

/// <summary>
/// P-256 ECDH and ES256 through the BCL (OpenSSL). Public keys arrive as bare x-coordinates
/// (RFC 9528 section 3.7); BouncyCastle's curve arithmetic recovers a y for them, and either y gives
/// the same ECDH result because only the x-coordinate of the shared point is used.
/// </summary>
internal static class P256Operations
{
    public const int CoordinateLength = 32;
    public const int SignatureLength = 64;

    private static readonly byte[] FieldPrime = Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly byte[] GroupOrder = Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    private static readonly Org.BouncyCastle.Math.EC.ECCurve Curve = CustomNamedCurves.GetByName("secp256r1").Curve;

    public static KeyPair Generate(IRandomSource random)
    {
        byte[] privateKey = new byte[CoordinateLength];
        // Rejection sampling keeps the scalar uniform in [1, n-1] and the draw replayable.
        do
        {
            random.Fill(privateKey);
        }
        while (privateKey.AsSpan().SequenceCompareTo(GroupOrder) >= 0 || privateKey.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        using var ecdh = ECDiffieHellman.Create(PrivateParameters(privateKey));
        var q = ecdh.ExportParameters(false).Q;
        return new KeyPair(privateKey, q.X!, q.Y!);
    }

    /// <summary>NIST SP 800-56A 5.6.2.3 partial validation: 32 bytes, x &lt; p, x on the curve.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> x) => TryRecoverY(x, out _);

    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKeyX, out byte[] sharedSecret)
    {
        sharedSecret = [];
        if (privateKey.Length != CoordinateLength || !TryRecoverY(publicKeyX, out byte[] y))
        {
            return false;
        }
        try
        {
            using var own = ECDiffieHellman.Create(PrivateParameters(privateKey.ToArray()));
            using var peer = ECDiffieHellman.Create(PublicParameters(publicKeyX.ToArray(), y));
            sharedSecret = own.DeriveRawSecretAgreement(peer.PublicKey);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        using var ecdsa = ECDsa.Create(PrivateParameters(privateKey.ToArray()));
        return ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Verifies with the public key x‖y (64 bytes).</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 2 * CoordinateLength || signature.Length != SignatureLength)
        {
            return false;
        }
        try
        {
            using var ecdsa = ECDsa.Create(PublicParameters(publicKey[..CoordinateLength].ToArray(), publicKey[CoordinateLength..].ToArray()));
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool TryRecoverY(ReadOnlySpan<byte> x, out byte[] y)
    {
        y = [];
        if (x.Length != CoordinateLength || x.SequenceCompareTo(FieldPrime) >= 0)
        {
            return false;
        }
        byte[] compressed = new byte[1 + CoordinateLength];
        compressed[0] = 0x02;
        x.CopyTo(compressed.AsSpan(1));
        try
        {
            var point = Curve.DecodePoint(compressed).Normalize();
            y = point.AffineYCoord.GetEncoded();
            return point.IsValid();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ECParameters PrivateParameters(byte[] d) => new() { Curve = ECCurve.NamedCurves.nistP256, D = d };

    private static ECParameters PublicParameters(byte[] x, byte[] y) =>
        new() { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
}
