using System.Formats.Asn1;

namespace Eals.Protocol.Crypto;

/// <summary>
/// The two encodings of a P-256 ECDSA signature: IEEE P1363 r‖s (64 bytes, COSE and EDHOC, RFC 9053 section 2.1)
/// and the DER Ecdsa-Sig-Value <c>SEQUENCE { r INTEGER, s INTEGER }</c> (X.509 and PKCS#10, RFC 3279 section 2.2.3),
/// which is what libcrypto signs and verifies.
/// </summary>
internal static class EcdsaSignatureEncoding
{
    private const int FieldLength = P256Curve.CoordinateLength;

    /// <summary>r‖s as DER; false when it is not 64 bytes.</summary>
    public static bool TryToDer(ReadOnlySpan<byte> p1363, out byte[] der)
    {
        der = [];
        if (p1363.Length != 2 * FieldLength)
        {
            return false;
        }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(p1363[..FieldLength]));
            writer.WriteIntegerUnsigned(Minimal(p1363[FieldLength..]));
        }
        der = writer.Encode();
        return true;
    }

    /// <summary>DER as r‖s; false when it is not exactly one SEQUENCE of two non-negative INTEGERs that fit 32 bytes.</summary>
    public static bool TryToP1363(ReadOnlySpan<byte> der, out byte[] p1363)
    {
        p1363 = [];
        try
        {
            AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out int contentOffset, out int contentLength, out int consumed);
            if (consumed != der.Length)
            {
                return false;
            }
            var content = der.Slice(contentOffset, contentLength);
            var r = AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out int rLength);
            var s = AsnDecoder.ReadIntegerBytes(content[rLength..], AsnEncodingRules.DER, out int sLength);
            byte[] result = new byte[2 * FieldLength];
            if (rLength + sLength != content.Length || !TryCopyUnsigned(r, result.AsSpan(0, FieldLength)) || !TryCopyUnsigned(s, result.AsSpan(FieldLength)))
            {
                return false;
            }
            p1363 = result;
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Without leading zero bytes (one zero byte for zero), as AsnWriter wants an unsigned integer.</summary>
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        int first = value.IndexOfAnyExcept((byte)0);
        return first < 0 ? value[^1..] : value[first..];
    }

    private static bool TryCopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.IsEmpty || (integer[0] & 0x80) != 0)
        {
            return false; // negative
        }
        if (integer.Length > 1 && integer[0] == 0)
        {
            integer = integer[1..];
        }
        if (integer.Length > destination.Length)
        {
            return false;
        }
        integer.CopyTo(destination[(destination.Length - integer.Length)..]);
        return true;
    }
}
