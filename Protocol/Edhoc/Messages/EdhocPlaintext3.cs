namespace Eals.Protocol.Edhoc;

/// <summary>
/// PLAINTEXT_3 (RFC 9528 section 5.4.2):
/// <code>
/// PLAINTEXT_3 = (
///   ID_CRED_I / bstr / -24..23,
///   Signature_or_MAC_3 : bstr,
///   ? EAD_3,
/// )
/// </code>
/// </summary>
public sealed record EdhocPlaintext3(EdhocIdCred IdCredI, byte[] SignatureOrMac3, IReadOnlyList<EadItem> Ead3)
{
    public byte[] Encode()
    {
        var writer = EdhocCbor.Writer();
        IdCredI.WriteCompact(writer);
        writer.WriteByteString(SignatureOrMac3);
        EadItem.Write(writer, Ead3);
        return writer.Encode();
    }

    public static EdhocResult<EdhocPlaintext3> Decode(byte[] plaintext, int signatureOrMacLength)
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

    internal static EdhocPlaintext3 Read(byte[] plaintext, int signatureOrMacLength) => EdhocCbor.Parse(plaintext, "PLAINTEXT_3", reader =>
    {
        var idCred = EdhocIdCred.ReadCompact(reader);
        byte[] signatureOrMac = SignatureOrMac.Read(reader, signatureOrMacLength, "Signature_or_MAC_3");
        return new EdhocPlaintext3(idCred, signatureOrMac, EadItem.ReadAll(reader));
    });
}
