using System.Buffers.Binary;

namespace Eals.Protocol.Coap;

/// <summary>
/// Parses a datagram into a <see cref="CoapMessage"/> (RFC 7252 section 3, RFC 8974 section 2.1).
/// Never throws on any input: every malformation is a <see cref="CoapFormatError"/>.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Ver| T |  TKL  |      Code     |          Message ID           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Token (if any, TKL bytes; RFC 8974: TKL 13/14 add 1/2 bytes) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Options (if any) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |1 1 1 1 1 1 1 1|    Payload (if any) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class CoapMessageParser
{
    public const int HeaderLength = 4;
    public const byte PayloadMarker = 0xFF;
    /// <summary>Largest token RFC 8974's 2-byte extended length can express: 65535 + 269.</summary>
    public const int MaxExtendedTokenLength = 65535 + 269;

    private const int ExtendedNibble8 = 13;
    private const int ExtendedNibble16 = 14;
    private const int ReservedNibble = 15;
    private const int Extended8Offset = 13;
    private const int Extended16Offset = 269;

    /// <summary>Reads the fixed header only; false when shorter than 4 bytes or not version 1.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> datagram, out CoapHeader header)
    {
        if (datagram.Length < HeaderLength)
        {
            header = default;
            return false;
        }
        byte first = datagram[0];
        header = new CoapHeader(
            (byte)(first >> 6),
            (CoapMessageType)((first >> 4) & 0x3),
            first & 0xF,
            new CoapCode(datagram[1]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]));
        return header.Version == 1;
    }

    /// <summary>Parses <paramref name="datagram"/>; the message's token, options and payload are slices of it.</summary>
    public static CoapParseResult Parse(ReadOnlyMemory<byte> datagram, int maxTokenLength = MaxExtendedTokenLength)
    {
        var span = datagram.Span;
        if (span.Length < HeaderLength)
        {
            return CoapParseResult.Failure(CoapFormatError.TooShort, null, span.Length);
        }
        if (!TryReadHeader(span, out var header))
        {
            return CoapParseResult.Failure(CoapFormatError.UnknownVersion, null, 0);
        }

        int offset = HeaderLength;

        // Token length, RFC 8974 section 2.1.1.
        int tokenLength;
        switch (header.TokenLengthNibble)
        {
            case ReservedNibble:
                return CoapParseResult.Failure(CoapFormatError.ReservedTokenLength, header, 0);
            case ExtendedNibble8:
                if (span.Length < offset + 1)
                {
                    return CoapParseResult.Failure(CoapFormatError.TruncatedToken, header, offset);
                }
                tokenLength = span[offset] + Extended8Offset;
                offset += 1;
                break;
            case ExtendedNibble16:
                if (span.Length < offset + 2)
                {
                    return CoapParseResult.Failure(CoapFormatError.TruncatedToken, header, offset);
                }
                tokenLength = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]) + Extended16Offset;
                offset += 2;
                break;
            default:
                tokenLength = header.TokenLengthNibble;
                break;
        }

        if (header.Code.IsEmpty && (tokenLength != 0 || span.Length != HeaderLength))
        {
            // RFC 7252 section 4.1: an Empty message has TKL 0 and nothing after the Message ID.
            return CoapParseResult.Failure(CoapFormatError.NonEmptyEmptyMessage, header, HeaderLength);
        }
        if (header.Code.IsReservedClass)
        {
            return CoapParseResult.Failure(CoapFormatError.ReservedCodeClass, header, 1);
        }
        if (tokenLength > maxTokenLength)
        {
            return CoapParseResult.Failure(CoapFormatError.TokenTooLong, header, offset);
        }
        if (span.Length - offset < tokenLength)
        {
            return CoapParseResult.Failure(CoapFormatError.TruncatedToken, header, offset);
        }
        var token = datagram.Slice(offset, tokenLength);
        offset += tokenLength;

        // Options, RFC 7252 section 3.1.
        var options = new List<CoapOption>(span.Length - offset > 16 ? 8 : 2);
        int number = 0;
        ReadOnlyMemory<byte> payload = ReadOnlyMemory<byte>.Empty;
        while (offset < span.Length)
        {
            byte optionHeader = span[offset];
            if (optionHeader == PayloadMarker)
            {
                offset++;
                if (offset == span.Length)
                {
                    return CoapParseResult.Failure(CoapFormatError.EmptyPayloadAfterMarker, header, offset - 1);
                }
                payload = datagram[offset..];
                break;
            }
            int optionStart = offset;
            offset++;
            if (!TryReadExtended(span, ref offset, optionHeader >> 4, out int delta, out var error)
                || !TryReadExtended(span, ref offset, optionHeader & 0xF, out int length, out error))
            {
                return CoapParseResult.Failure(error, header, optionStart);
            }
            number += delta;
            if (number > ushort.MaxValue)
            {
                return CoapParseResult.Failure(CoapFormatError.OptionNumberOverflow, header, optionStart);
            }
            if (span.Length - offset < length)
            {
                return CoapParseResult.Failure(CoapFormatError.TruncatedOption, header, optionStart);
            }
            options.Add(new CoapOption((ushort)number, datagram.Slice(offset, length)));
            offset += length;
        }

        var message = new CoapMessage(options)
        {
            Type = header.Type,
            Code = header.Code,
            MessageId = header.MessageId,
            Token = token,
            Payload = payload,
        };
        return CoapParseResult.Success(message);
    }

    /// <summary>Reads a 4-bit delta or length with its 0, 1 or 2 extension bytes.</summary>
    private static bool TryReadExtended(ReadOnlySpan<byte> span, ref int offset, int nibble, out int value, out CoapFormatError error)
    {
        error = CoapFormatError.None;
        switch (nibble)
        {
            case ExtendedNibble8:
                if (offset + 1 > span.Length)
                {
                    value = 0;
                    error = CoapFormatError.TruncatedOption;
                    return false;
                }
                value = span[offset] + Extended8Offset;
                offset += 1;
                return true;
            case ExtendedNibble16:
                if (offset + 2 > span.Length)
                {
                    value = 0;
                    error = CoapFormatError.TruncatedOption;
                    return false;
                }
                value = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]) + Extended16Offset;
                offset += 2;
                return true;
            case ReservedNibble:
                value = 0;
                error = CoapFormatError.ReservedOptionNibble;
                return false;
            default:
                value = nibble;
                return true;
        }
    }
}
