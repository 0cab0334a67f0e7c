using System.Buffers.Binary;

namespace Eals.Protocol.Coap;

/// <summary>Writes a <see cref="CoapMessage"/> in the wire format of RFC 7252 section 3 (extended tokens per RFC 8974).</summary>
public static class CoapMessageSerializer
{
    private const int Extended8Offset = 13;
    private const int Extended16Offset = 269;

    /// <summary>The exact number of bytes <see cref="Write"/> will produce.</summary>
    public static int GetSize(CoapMessage message)
    {
        int size = CoapMessageParser.HeaderLength + ExtendedLength(message.Token.Length) + message.Token.Length;
        int previous = 0;
        foreach (var option in message.Options)
        {
            int delta = option.Number - previous;
            size += 1 + ExtendedLength(delta) + ExtendedLength(option.Value.Length) + option.Value.Length;
            previous = option.Number;
        }
        if (!message.Payload.IsEmpty)
        {
            size += 1 + message.Payload.Length;
        }
        return size;
    }

    public static byte[] Serialize(CoapMessage message)
    {
        var buffer = new byte[GetSize(message)];
        Write(message, buffer);
        return buffer;
    }

    /// <summary>Writes the message into <paramref name="destination"/> and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small, or the token is longer than RFC 8974 allows.</exception>
    public static int Write(CoapMessage message, Span<byte> destination)
    {
        int tokenLength = message.Token.Length;
        if (tokenLength > CoapMessageParser.MaxExtendedTokenLength)
        {
            throw new ArgumentException($"Token of {tokenLength} bytes exceeds {CoapMessageParser.MaxExtendedTokenLength}.", nameof(message));
        }
        int size = GetSize(message);
        if (destination.Length < size)
        {
            throw new ArgumentException($"Destination of {destination.Length} bytes is smaller than the {size}-byte message.", nameof(destination));
        }

        destination[0] = (byte)(0x40 | ((int)message.Type << 4) | Nibble(tokenLength));
        destination[1] = message.Code.Value;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], message.MessageId);
        int offset = CoapMessageParser.HeaderLength;
        offset += WriteExtended(destination[offset..], tokenLength);
        message.Token.Span.CopyTo(destination[offset..]);
        offset += tokenLength;

        int previous = 0;
        foreach (var option in message.Options)
        {
            int delta = option.Number - previous;
            int length = option.Value.Length;
            destination[offset++] = (byte)((Nibble(delta) << 4) | Nibble(length));
            offset += WriteExtended(destination[offset..], delta);
            offset += WriteExtended(destination[offset..], length);
            option.Value.Span.CopyTo(destination[offset..]);
            offset += length;
            previous = option.Number;
        }

        if (!message.Payload.IsEmpty)
        {
            destination[offset++] = CoapMessageParser.PayloadMarker;
            message.Payload.Span.CopyTo(destination[offset..]);
            offset += message.Payload.Length;
        }
        return offset;
    }

    /// <summary>Writes an Empty message (ACK, RST or ping: header only, RFC 7252 section 4.1) into the first 4 bytes.</summary>
    public static void WriteEmpty(Span<byte> destination, CoapMessageType type, ushort messageId)
    {
        destination[0] = (byte)(0x40 | ((int)type << 4));
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], messageId);
    }

    private static int Nibble(int value) => value < Extended8Offset ? value : value < Extended16Offset ? 13 : 14;

    private static int ExtendedLength(int value) => value < Extended8Offset ? 0 : value < Extended16Offset ? 1 : 2;

    private static int WriteExtended(Span<byte> destination, int value)
    {
        if (value < Extended8Offset)
        {
            return 0;
        }
        if (value < Extended16Offset)
        {
            destination[0] = (byte)(value - Extended8Offset);
            return 1;
        }
        if (value - Extended16Offset > ushort.MaxValue)
        {
            throw new ArgumentException($"Length {value} cannot be encoded.", nameof(value));
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value - Extended16Offset));
        return 2;
    }
}
