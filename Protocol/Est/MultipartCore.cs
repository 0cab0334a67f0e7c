using System.Buffers.Binary;

namespace Eals.Protocol.Est;

/// <summary>
/// application/multipart-core (Content-Format 62, RFC 8710 section 2): a CBOR array of pairs, each a
/// Content-Format followed by its representation.
/// <code>
/// multipart-core = [* multipart-part]
/// multipart-part = (type: uint .size 2, part: bytes / null)
/// </code>
/// Written by hand with preferred (shortest) arguments, so the only copy of a part is the one output
/// array the caller owns (and can wipe: a server-generated private key travels in here).
/// </summary>
public static class MultipartCore
{
    private const int MajorUnsigned = 0;
    private const int MajorBytes = 2;
    private const int MajorArray = 4;
    private const byte Null = 0xf6;

    public static byte[] Encode(IReadOnlyList<MultipartPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int length = HeaderLength((ulong)parts.Count * 2);
        foreach (var part in parts)
        {
            length += HeaderLength(part.ContentFormat);
            length += part.Representation is { } bytes ? HeaderLength((ulong)bytes.Length) + bytes.Length : 1;
        }
        var output = new byte[length];
        int offset = WriteHeader(output, 0, MajorArray, (ulong)parts.Count * 2);
        foreach (var part in parts)
        {
            offset = WriteHeader(output, offset, MajorUnsigned, part.ContentFormat);
            if (part.Representation is { } bytes)
            {
                offset = WriteHeader(output, offset, MajorBytes, (ulong)bytes.Length);
                bytes.Span.CopyTo(output.AsSpan(offset));
                offset += bytes.Length;
            }
            else
            {
                output[offset++] = Null;
            }
        }
        return output;
    }

    /// <summary>
    /// Reads a multipart-core payload; the parts' bytes are slices of <paramref name="payload"/> (no copies).
    /// Anything else than one definite-length array of (uint16, bytes / null) pairs is <see cref="EstFormatError.Malformed"/>.
    /// </summary>
    public static IReadOnlyList<MultipartPart> Decode(ReadOnlyMemory<byte> payload)
    {
        var data = payload.Span;
        int offset = 0;
        ulong count = ReadHeader(data, ref offset, MajorArray, "the payload is not a CBOR array");
        if (count % 2 != 0)
        {
            throw Malformed("the array does not hold Content-Format and representation pairs");
        }
        if (count > (ulong)data.Length)
        {
            throw Malformed("the array announces more items than the payload holds");
        }
        var parts = new List<MultipartPart>((int)(count / 2));
        for (ulong i = 0; i < count; i += 2)
        {
            ulong format = ReadHeader(data, ref offset, MajorUnsigned, "a Content-Format is not an unsigned integer");
            if (format > ushort.MaxValue)
            {
                throw Malformed("a Content-Format is larger than 65535");
            }
            if (offset < data.Length && data[offset] == Null)
            {
                offset++;
                parts.Add(new MultipartPart((ushort)format, null));
                continue;
            }
            ulong length = ReadHeader(data, ref offset, MajorBytes, "a representation is neither a byte string nor null");
            if (length > (ulong)(data.Length - offset))
            {
                throw Malformed("a representation runs past the end of the payload");
            }
            parts.Add(new MultipartPart((ushort)format, payload.Slice(offset, (int)length)));
            offset += (int)length;
        }
        if (offset != data.Length)
        {
            throw Malformed("trailing bytes after the array");
        }
        return parts;
    }

    private static int HeaderLength(ulong argument) => argument switch
    {
        < 24 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    private static int WriteHeader(byte[] output, int offset, int major, ulong argument)
    {
        byte initial = (byte)(major << 5);
        switch (argument)
        {
            case < 24:
                output[offset] = (byte)(initial | (byte)argument);
                return offset + 1;
            case <= byte.MaxValue:
                output[offset] = (byte)(initial | 24);
                output[offset + 1] = (byte)argument;
                return offset + 2;
            case <= ushort.MaxValue:
                output[offset] = (byte)(initial | 25);
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(offset + 1), (ushort)argument);
                return offset + 3;
            case <= uint.MaxValue:
                output[offset] = (byte)(initial | 26);
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(offset + 1), (uint)argument);
                return offset + 5;
            default:
                output[offset] = (byte)(initial | 27);
                BinaryPrimitives.WriteUInt64BigEndian(output.AsSpan(offset + 1), argument);
                return offset + 9;
        }
    }

    // A definite-length head of the expected major type; indefinite lengths and reserved values are refused.
    private static ulong ReadHeader(ReadOnlySpan<byte> data, ref int offset, int major, string problem)
    {
        if (offset >= data.Length || data[offset] >> 5 != major)
        {
            throw Malformed(problem);
        }
        int info = data[offset] & 0x1f;
        offset++;
        int size = info switch
        {
            < 24 => 0,
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => -1,
        };
        if (size < 0 || data.Length - offset < size)
        {
            throw Malformed(info == 31 ? "indefinite lengths are not allowed" : "a truncated or reserved CBOR head");
        }
        ulong value = size switch
        {
            0 => (ulong)info,
            1 => data[offset],
            2 => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]),
            4 => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]),
            _ => BinaryPrimitives.ReadUInt64BigEndian(data[offset..]),
        };
        offset += size;
        return value;
    }

    private static EstFormatException Malformed(string problem) =>
        new(EstFormatError.Malformed, $"Not application/multipart-core: {problem}.");
}
