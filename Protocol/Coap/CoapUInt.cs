using System.Buffers.Binary;

namespace Eals.Protocol.Coap;

/// <summary>The "uint" option format of RFC 7252 section 3.2: big-endian, shortest form, 0 is the empty string.</summary>
public static class CoapUInt
{
    public static int EncodedLength(uint value) => value == 0 ? 0 : value < 0x100 ? 1 : value < 0x1_0000 ? 2 : value < 0x100_0000 ? 3 : 4;

    public static byte[] Encode(uint value)
    {
        var bytes = new byte[EncodedLength(value)];
        Write(value, bytes);
        return bytes;
    }

    public static int Write(uint value, Span<byte> destination)
    {
        int length = EncodedLength(value);
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }
        return length;
    }

    /// <summary>Decodes up to 4 bytes; leading zero bytes are tolerated as RFC 7252 3.2 asks of receivers.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out uint value)
    {
        value = 0;
        if (bytes.Length > 4)
        {
            return false;
        }
        Span<byte> padded = stackalloc byte[4];
        padded.Clear();
        bytes.CopyTo(padded[(4 - bytes.Length)..]);
        value = BinaryPrimitives.ReadUInt32BigEndian(padded);
        return true;
    }
}
