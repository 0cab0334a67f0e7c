namespace Eals.Protocol.Edhoc;

/// <summary>
/// PLAINTEXT_2 (RFC 9528 section 5.3.2):
/// <code>
/// PLAINTEXT_2 = (
///   C_R,
///   ID_CRED_R / bstr / -24..23,
///   Signature_or_MAC_2 : bstr,
///   ? EAD_2,
/// )
/// </code>
/// </summary>
public sealed record EdhocPlaintext2(byte[] ConnectionIdR, EdhocIdCred IdCredR, byte[] SignatureOrMac2, IReadOnlyList<EadItem> Ead2)
{
    public byte[] Encode()
    {
        var writer = EdhocCbor.Writer();
        EdhocCbor.WriteIdentifier(writer, ConnectionIdR);
        IdCredR.WriteCompact(writer);
        writer.WriteByteString(SignatureOrMac2);
        EadItem.Write(writer, Ead2);
        return writer.Encode();
    }

    /// <summary>Decodes PLAINTEXT_2; <paramref name="signatureOrMacLength"/> follows from METHOD and the suite.</summary>
    public static EdhocResult<EdhocPlaintext2> Decode(byte[] plaintext, int signatureOrMacLength)
    {
        try
        {
            return Read(plaintext, signatureOrMacLength);
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    internal static EdhocPlaintext2 Read(byte[] plaintext, int signatureOrMacLength) => EdhocCbor.Parse(plaintext, "PLAINTEXT_2", reader =>
    {
        byte[] cR = EdhocCbor.ReadIdentifier(reader, "C_R");
        var idCred = EdhocIdCred.ReadCompact(reader);
        byte[] signatureOrMac = SignatureOrMac.Read(reader, signatureOrMacLength, "Signature_or_MAC_2");
        return new EdhocPlaintext2(cR, idCred, signatureOrMac, EadItem.ReadAll(reader));
    });
}
