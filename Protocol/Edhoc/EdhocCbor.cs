using System.Formats.Cbor;
using Eals.Protocol.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Deterministic CBOR (RFC 9528 section 3.1, RFC 8949 section 4.2.1) for EDHOC messages, which are CBOR
/// sequences (RFC 8742), and the compact encoding of identifiers (RFC 9528 section 3.3.2).
/// </summary>
internal static class EdhocCbor
{
    /// <summary>A lax reader: determinism is checked beforehand by <see cref="DeterministicCbor"/>, which orders map keys as RFC 8949 does.</summary>
    public static CborReader Reader(ReadOnlyMemory<byte> data) => new(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);

    public static CborWriter Writer() => new(CborConformanceMode.Canonical, allowMultipleRootLevelValues: true);

    /// <summary>
    /// Checks that a CBOR sequence is well-formed and deterministic, then runs a parser over it and turns
    /// every decoding problem into a typed failure.
    /// </summary>
    public static T Parse<T>(ReadOnlyMemory<byte> data, string what, Func<CborReader, T> parse)
    {
        RequireDeterministic(data.Span, what);
        try
        {
            var reader = Reader(data);
            T result = parse(reader);
            if (reader.PeekState() != CborReaderState.Finished)
            {
                throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: trailing data");
            }
            return result;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: {e.Message}");
        }
    }

    /// <summary>RFC 9528 section 3.1: a receiver rejects CBOR that is not deterministically encoded.</summary>
    public static void RequireDeterministic(ReadOnlySpan<byte> data, string what)
    {
        switch (DeterministicCbor.Check(data))
        {
            case CborEncodingCheck.Malformed:
                throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: not well-formed CBOR");
            case CborEncodingCheck.NotDeterministic:
                throw EdhocProtocolException.Of(EdhocFailureKind.NonDeterministicEncoding, $"{what}: not deterministically encoded");
        }
    }

    /// <summary>A one-byte CBOR integer (-24..23) encodes as a single byte 0x00-0x17 or 0x20-0x37.</summary>
    public static bool IsOneByteInteger(byte encoded) => encoded <= 0x17 || encoded is >= 0x20 and <= 0x37;

    /// <summary>
    /// RFC 9528 section 3.3.2: a byte string of one byte that is the encoding of an integer -24..23 is
    /// sent as that integer; any other byte string as a bstr.
    /// </summary>
    public static void WriteIdentifier(CborWriter writer, ReadOnlySpan<byte> identifier)
    {
        if (identifier.Length == 1 && IsOneByteInteger(identifier[0]))
        {
            writer.WriteEncodedValue(identifier);
        }
        else
        {
            writer.WriteByteString(identifier);
        }
    }

    public static byte[] EncodeIdentifier(ReadOnlySpan<byte> identifier)
    {
        var writer = Writer();
        WriteIdentifier(writer, identifier);
        return writer.Encode();
    }

    /// <summary>Reads an identifier in compact form, rejecting the non-compact bstr form of a one-byte integer.</summary>
    public static byte[] ReadIdentifier(CborReader reader, string what)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger:
                var encoded = reader.ReadEncodedValue();
                if (encoded.Length != 1)
                {
                    throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: integer outside -24..23");
                }
                return encoded.ToArray();
            case CborReaderState.ByteString:
                byte[] value = reader.ReadByteString();
                if (value.Length == 1 && IsOneByteInteger(value[0]))
                {
                    throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: one-byte integer sent as a byte string (not compact)");
                }
                return value;
            default:
                throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: expected an integer or a byte string");
        }
    }

    public static byte[] ReadByteString(CborReader reader, string what)
    {
        if (reader.PeekState() != CborReaderState.ByteString)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: expected a byte string");
        }
        return reader.ReadByteString();
    }

    public static int ReadInteger(CborReader reader, string what)
    {
        if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: expected an integer");
        }
        return reader.ReadInt32();
    }

    public static byte[] EncodeByteString(ReadOnlySpan<byte> value)
    {
        var writer = Writer();
        writer.WriteByteString(value);
        return writer.Encode();
    }

    public static bool StartsWithInteger(ReadOnlySpan<byte> message) => message.Length > 0 && (message[0] >> 5) <= 1;
}
