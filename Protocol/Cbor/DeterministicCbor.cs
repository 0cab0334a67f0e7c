using System.Buffers.Binary;

namespace Eals.Protocol.Cbor;

/// <summary>
/// Checks a CBOR sequence against the Core Deterministic Encoding Requirements (RFC 8949 section
/// 4.2.1), which EDHOC mandates (RFC 9528 section 3.1): preferred (shortest) arguments, definite
/// lengths only, map keys in bytewise lexicographic order of their encodings and without duplicates.
/// System.Formats.Cbor's canonical mode sorts keys length-first (RFC 7049), which differs for keys of
/// mixed lengths, hence this walk over the raw bytes.
/// <code>
/// initial byte: major type (3 bits) | additional information (5 bits)
///   ai 0..23: the argument itself; 24..27: 1, 2, 4, 8 argument bytes follow; 28..30: reserved; 31: indefinite
/// </code>
/// </summary>
public static class DeterministicCbor
{
    private const int MaxDepth = 64;

    public static CborEncodingCheck Check(ReadOnlySpan<byte> sequence)
    {
        var verdict = CborEncodingCheck.Deterministic;
        int offset = 0;
        while (offset < sequence.Length)
        {
            if (!TrySkipItem(sequence, ref offset, 0, ref verdict))
            {
                return CborEncodingCheck.Malformed;
            }
        }
        return verdict;
    }

    private static bool TrySkipItem(ReadOnlySpan<byte> data, ref int offset, int depth, ref CborEncodingCheck verdict)
    {
        if (depth > MaxDepth || offset >= data.Length)
        {
            return false;
        }
        int major = data[offset] >> 5;
        int info = data[offset] & 0x1f;
        offset++;
        if (info == 31)
        {
            // Indefinite length (major 2-5) is never deterministic; a break or reserved use is malformed.
            if (major is < 2 or > 5)
            {
                return false;
            }
            verdict = CborEncodingCheck.NotDeterministic;
            return TrySkipIndefinite(data, ref offset, major, depth, ref verdict);
        }
        if (!TryReadArgument(data, ref offset, major, info, out ulong argument, ref verdict))
        {
            return false;
        }
        switch (major)
        {
            case 2 or 3:
                if (argument > (ulong)(data.Length - offset))
                {
                    return false;
                }
                offset += (int)argument;
                return true;
            case 4:
                for (ulong i = 0; i < argument; i++)
                {
                    if (!TrySkipItem(data, ref offset, depth + 1, ref verdict))
                    {
                        return false;
                    }
                }
                return true;
            case 5:
                return TrySkipMap(data, ref offset, argument, depth, ref verdict);
            case 6:
                return TrySkipItem(data, ref offset, depth + 1, ref verdict);
            default:
                return true;
        }
    }

    private static bool TrySkipMap(ReadOnlySpan<byte> data, ref int offset, ulong pairs, int depth, ref CborEncodingCheck verdict)
    {
        int previousKeyStart = -1, previousKeyLength = 0;
        for (ulong i = 0; i < pairs; i++)
        {
            int keyStart = offset;
            if (!TrySkipItem(data, ref offset, depth + 1, ref verdict))
            {
                return false;
            }
            int keyLength = offset - keyStart;
            if (previousKeyStart >= 0 && data.Slice(keyStart, keyLength).SequenceCompareTo(data.Slice(previousKeyStart, previousKeyLength)) <= 0)
            {
                verdict = CborEncodingCheck.NotDeterministic;
            }
            (previousKeyStart, previousKeyLength) = (keyStart, keyLength);
            if (!TrySkipItem(data, ref offset, depth + 1, ref verdict))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TrySkipIndefinite(ReadOnlySpan<byte> data, ref int offset, int major, int depth, ref CborEncodingCheck verdict)
    {
        while (offset < data.Length)
        {
            if (data[offset] == 0xff)
            {
                offset++;
                return true;
            }
            // Chunks of an indefinite string must be definite strings of the same major type.
            if (major is 2 or 3 && data[offset] >> 5 != major)
            {
                return false;
            }
            if (!TrySkipItem(data, ref offset, depth + 1, ref verdict))
            {
                return false;
            }
            if (major == 5 && !TrySkipItem(data, ref offset, depth + 1, ref verdict))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Reads the argument and notes when a shorter form would have held it (RFC 8949 section 4.2.1).</summary>
    private static bool TryReadArgument(ReadOnlySpan<byte> data, ref int offset, int major, int info, out ulong argument, ref CborEncodingCheck verdict)
    {
        argument = (ulong)info;
        if (info < 24)
        {
            return true;
        }
        if (info > 27)
        {
            return false;
        }
        int length = 1 << (info - 24);
        if (data.Length - offset < length)
        {
            return false;
        }
        var bytes = data.Slice(offset, length);
        offset += length;
        argument = length switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
        };
        if (major == 7)
        {
            // Simple values 0..31 in two bytes are not well-formed; floats are left to the parser.
            return info != 24 || argument >= 32;
        }
        ulong shortestLimit = length switch { 1 => 24, 2 => 0x100, 4 => 0x1_0000, _ => 0x1_0000_0000 };
        if (argument < shortestLimit)
        {
            verdict = CborEncodingCheck.NotDeterministic;
        }
        return true;
    }
}
