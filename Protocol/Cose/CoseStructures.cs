using System.Formats.Cbor;

namespace Eals.Protocol.Cose;

/// <summary>
/// The COSE structures that are authenticated but never sent (RFC 9052 sections 4.4 and 5.3), with an
/// empty protected header as OSCORE (RFC 8613 section 5.4) and EDHOC (RFC 9528 sections 5.3.2, 5.4.2) use them.
/// </summary>
public static class CoseStructures
{
    /// <summary><c>Enc_structure = ["Encrypt0", h'', external_aad]</c>: the AEAD additional data.</summary>
    public static byte[] Encrypt0(ReadOnlySpan<byte> externalAad) => Encrypt0([], externalAad);

    /// <summary><c>Enc_structure = ["Encrypt0", protected, external_aad]</c> with a protected header (a sent COSE_Encrypt0).</summary>
    public static byte[] Encrypt0(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> externalAad)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(3);
        writer.WriteTextString("Encrypt0");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString(externalAad);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary><c>Sig_structure = ["Signature1", protected, external_aad, payload]</c>: the bytes a COSE_Sign1 signs.</summary>
    public static byte[] Signature1(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString(externalAad);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
