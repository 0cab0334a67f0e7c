namespace Eals.Protocol.Edhoc;

/// <summary>
/// message_2 (RFC 9528 section 5.3.1): one bstr holding G_Y followed by CIPHERTEXT_2.
/// <code>
/// message_2 = (
///   G_Y_CIPHERTEXT_2 : bstr,
/// )
/// </code>
/// </summary>
public sealed record EdhocMessage2(byte[] GY, byte[] Ciphertext2)
{
    public byte[] Encode() => EdhocCbor.EncodeByteString([.. GY, .. Ciphertext2]);

    /// <summary>Splits message_2 given the ephemeral key length of the selected suite.</summary>
    public static EdhocResult<EdhocMessage2> Decode(byte[] message, int ephemeralKeyLength)
    {
        try
        {
            return Read(message, ephemeralKeyLength);
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    internal static EdhocMessage2 Read(byte[] message, int ephemeralKeyLength)
    {
        byte[] content = EdhocCbor.Parse(message, "message_2", reader => EdhocCbor.ReadByteString(reader, "G_Y_CIPHERTEXT_2"));
        // PLAINTEXT_2 holds at least C_R, ID_CRED_R and a one-byte bstr, so three bytes.
        if (content.Length < ephemeralKeyLength + 3)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "message_2: too short for G_Y and CIPHERTEXT_2");
        }
        return new EdhocMessage2(content[..ephemeralKeyLength], content[ephemeralKeyLength..]);
    }
}
