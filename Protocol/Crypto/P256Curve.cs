using System.Numerics;
using Org.BouncyCastle.Crypto.EC;

namespace Eals.Protocol.Crypto;

/// <summary>
/// The P-256 domain facts (SEC 2 section 2.4.2) every key check needs, independent of which library does the
/// scalar multiplications. A point that passes <see cref="IsOnCurve"/> is fully validated in the sense of NIST SP
/// 800-56A 5.6.2.3.3: coordinates below p and the curve equation hold; the cofactor is 1, so the order check adds
/// nothing.
/// </summary>
internal static class P256Curve
{
    public const int CoordinateLength = 32;
    public const int EncodedPointLength = 1 + 2 * CoordinateLength;

    private static readonly byte[] FieldPrimeBytes = Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly byte[] GroupOrderBytes = Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    private static readonly BigInteger FieldPrime = new(FieldPrimeBytes, isUnsigned: true, isBigEndian: true);
    private static readonly BigInteger B = new(Convert.FromHexString("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), isUnsigned: true, isBigEndian: true);
    private static readonly Org.BouncyCastle.Math.EC.ECCurve Curve = CustomNamedCurves.GetByName("secp256r1").Curve;

    /// <summary>A private key: 32 bytes, big-endian, in [1, n-1].</summary>
    public static bool IsValidScalar(ReadOnlySpan<byte> scalar) =>
        scalar.Length == CoordinateLength && scalar.SequenceCompareTo(GroupOrderBytes) < 0 && scalar.IndexOfAnyExcept((byte)0) >= 0;

    /// <summary>32-byte x and y, each below p, with y² = x³ − 3x + b (mod p).</summary>
    public static bool IsOnCurve(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (!IsFieldElement(x) || !IsFieldElement(y))
        {
            return false;
        }
        var bx = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        var by = new BigInteger(y, isUnsigned: true, isBigEndian: true);
        var right = ((bx * bx - 3) * bx + B) % FieldPrime;
        return by * by % FieldPrime == (right.Sign < 0 ? right + FieldPrime : right);
    }

    /// <summary>A y for the x-coordinate alone (RFC 9528 section 3.7: either y gives the same ECDH result); false when x is no point's.</summary>
    public static bool TryRecoverY(ReadOnlySpan<byte> x, out byte[] y)
    {
        y = [];
        if (!IsFieldElement(x))
        {
            return false;
        }
        byte[] compressed = new byte[1 + CoordinateLength];
        compressed[0] = 0x02;
        x.CopyTo(compressed.AsSpan(1));
        return TryDecompress(compressed, out y);
    }

    /// <summary>
    /// x‖y of an encoded point (SEC 1 section 2.3.4): uncompressed (04 x y), checked with <see cref="IsOnCurve"/>, or
    /// compressed (02/03 x), whose y is recovered; false for anything else.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out byte[] rawKey)
    {
        rawKey = [];
        if (encoded.Length == EncodedPointLength && encoded[0] == 0x04)
        {
            if (!IsOnCurve(encoded[1..(1 + CoordinateLength)], encoded[(1 + CoordinateLength)..]))
            {
                return false;
            }
            rawKey = encoded[1..].ToArray();
            return true;
        }
        if (encoded.Length == 1 + CoordinateLength && encoded[0] is 0x02 or 0x03 && IsFieldElement(encoded[1..]) && TryDecompress(encoded.ToArray(), out byte[] y))
        {
            rawKey = [.. encoded[1..], .. y];
            return true;
        }
        return false;
    }

    private static bool IsFieldElement(ReadOnlySpan<byte> value) => value.Length == CoordinateLength && value.SequenceCompareTo(FieldPrimeBytes) < 0;

    private static bool TryDecompress(byte[] compressed, out byte[] y)
    {
        y = [];
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
}
