using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Signature_or_MAC_2/3 lengths (RFC 9528 sections 5.3.2, 5.4.2, 9.3): a signature for a signing party,
/// otherwise MAC_2/3 of EDHOC_MAC_length bytes (8 for suites 0 and 2).
/// </summary>
internal static class SignatureOrMac
{
    public static int Length(bool signs) => signs ? EdhocCipherSuite.SignatureLength : EdhocCipherSuite.MacLength;

    /// <summary>mac_length_2/3: the MAC is hash-length when its party signs it, EDHOC_MAC_length otherwise.</summary>
    public static int MacLength(bool signs) => signs ? EdhocCipherSuite.HashLength : EdhocCipherSuite.MacLength;

    public static byte[] Read(CborReader reader, int expectedLength, string what)
    {
        byte[] value = EdhocCbor.ReadByteString(reader, what);
        if (value.Length != expectedLength)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.WrongMacLength, $"{what}: {value.Length} bytes, expected {expectedLength}");
        }
        return value;
    }
}
