namespace Eals.Protocol.Edhoc;

/// <summary>
/// message_3 and message_4 (RFC 9528 sections 5.4.1, 5.5.1): a single bstr.
/// <code>
/// message_3 = ( CIPHERTEXT_3 : bstr )
/// message_4 = ( CIPHERTEXT_4 : bstr )
/// </code>
/// </summary>
internal static class EdhocCiphertextMessage
{
    public static byte[] Read(byte[] message, string what) =>
        EdhocCbor.Parse(message, what, reader => EdhocCbor.ReadByteString(reader, what));
}
