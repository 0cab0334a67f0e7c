using System.Formats.Cbor;
using Eals.Protocol.Cose;

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
/// AAD = Enc_structure = [ "Encrypt0", h'', external_aad ]
/// </code>
/// request_kid and request_piv are those of the request, for the request and for its responses alike.
/// </summary>
public static class OscoreAad
{
    public const int OscoreVersion = 1;

    public static byte[] BuildAadArray(ReadOnlySpan<byte> requestKid, ReadOnlySpan<byte> requestPiv)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(5);
        writer.WriteInt32(OscoreVersion);
        writer.WriteStartArray(1);
        writer.WriteInt32(OscoreAlgorithm.AesCcm16_64_128);
        writer.WriteEndArray();
        writer.WriteByteString(requestKid);
        writer.WriteByteString(requestPiv);
        writer.WriteByteString([]);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>The AEAD additional data: the aad_array, wrapped in a byte string, inside Enc_structure.</summary>
    public static byte[] BuildAad(ReadOnlySpan<byte> aadArray) => CoseStructures.Encrypt0(aadArray);
}
