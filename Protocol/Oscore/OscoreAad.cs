using System.Buffers.Binary;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 5.4, the additional authenticated data:
/// <code>
/// aad_array = [
///    oscore_version : uint,          ; 1
///    algorithms : [ alg_aead : int / tstr ],
///    request_kid : bstr,
///    request_piv : bstr,
///    options : bstr,                 ; Class I options, none defined: h''
/// ]
/// external_aad = bstr .cbor aad_array
/// AAD = Enc_structure = [ "Encrypt0", h'', external_aad ]     (RFC 9052 section 5.3)
/// </code>
/// request_kid and request_piv are those of the request, for the request and for its responses alike.
/// Only the two byte strings vary, so the CBOR is written directly into a span: this runs for every
/// message, and a general CBOR writer costs more than the AEAD itself. The result equals
/// <see cref="Cose.CoseStructures.Encrypt0"/> over <see cref="BuildAadArray"/> (checked by the tests).
/// </summary>
public static class OscoreAad
{
    public const int OscoreVersion = 1;

    // [1, [10], ...: array(5), uint 1, array(1), uint 10.
    private static ReadOnlySpan<byte> AadArrayPrefix => [0x85, OscoreVersion, 0x81, OscoreAlgorithm.AesCcm16_64_128];
    private const byte EmptyByteString = 0x40;
    // ["Encrypt0", h'', ...: array(3), text(8) "Encrypt0", bstr(0).
    private static ReadOnlySpan<byte> EncStructurePrefix => [0x83, 0x68, (byte)'E', (byte)'n', (byte)'c', (byte)'r', (byte)'y', (byte)'p', (byte)'t', (byte)'0', EmptyByteString];

    private const byte ByteStringMajor = 0x40;
    private const byte OneByteLength = 24;
    private const byte TwoByteLength = 25;

    public static int GetAadArrayLength(int kidLength, int pivLength)
        => AadArrayPrefix.Length + HeaderLength(kidLength) + kidLength + HeaderLength(pivLength) + pivLength + 1;

    public static int GetAadLength(int kidLength, int pivLength)
    {
        int arrayLength = GetAadArrayLength(kidLength, pivLength);
        return EncStructurePrefix.Length + HeaderLength(arrayLength) + arrayLength;
    }

    public static byte[] BuildAadArray(ReadOnlySpan<byte> requestKid, ReadOnlySpan<byte> requestPiv)
    {
        var bytes = new byte[GetAadArrayLength(requestKid.Length, requestPiv.Length)];
        WriteAadArray(requestKid, requestPiv, bytes);
        return bytes;
    }

    /// <summary>The AEAD additional data: the aad_array, wrapped in a byte string, inside Enc_structure.</summary>
    public static byte[] BuildAad(ReadOnlySpan<byte> requestKid, ReadOnlySpan<byte> requestPiv)
    {
        var bytes = new byte[GetAadLength(requestKid.Length, requestPiv.Length)];
        WriteAad(requestKid, requestPiv, bytes);
        return bytes;
    }

    /// <summary>Writes the AAD into <paramref name="destination"/>, which must be <see cref="GetAadLength"/> bytes long; returns that length.</summary>
    public static int WriteAad(ReadOnlySpan<byte> requestKid, ReadOnlySpan<byte> requestPiv, Span<byte> destination)
    {
        EncStructurePrefix.CopyTo(destination);
        int offset = EncStructurePrefix.Length;
        offset += WriteHeader(GetAadArrayLength(requestKid.Length, requestPiv.Length), destination[offset..]);
        offset += WriteAadArray(requestKid, requestPiv, destination[offset..]);
        return offset;
    }

    private static int WriteAadArray(ReadOnlySpan<byte> requestKid, ReadOnlySpan<byte> requestPiv, Span<byte> destination)
    {
        AadArrayPrefix.CopyTo(destination);
        int offset = AadArrayPrefix.Length;
        offset += WriteByteString(requestKid, destination[offset..]);
        offset += WriteByteString(requestPiv, destination[offset..]);
        destination[offset++] = EmptyByteString;
        return offset;
    }

    private static int WriteByteString(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int offset = WriteHeader(value.Length, destination);
        value.CopyTo(destination[offset..]);
        return offset + value.Length;
    }

    // RFC 8949 section 3: the shortest head of a byte string of this length.
    private static int HeaderLength(int length) => length < OneByteLength ? 1 : length <= byte.MaxValue ? 2 : 3;

    private static int WriteHeader(int length, Span<byte> destination)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "request_kid and request_piv are short byte strings.");
        }
        if (length < OneByteLength)
        {
            destination[0] = (byte)(ByteStringMajor | length);
            return 1;
        }
        if (length <= byte.MaxValue)
        {
            destination[0] = ByteStringMajor | OneByteLength;
            destination[1] = (byte)length;
            return 2;
        }
        destination[0] = ByteStringMajor | TwoByteLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
        return 3;
    }
}
