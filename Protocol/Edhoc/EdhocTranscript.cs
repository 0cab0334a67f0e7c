namespace Eals.Protocol.Edhoc;

/// <summary>Transcript hashes (RFC 9528 sections 5.3.2, 5.4.2, 5.5.2) over CBOR sequences.</summary>
internal static class EdhocTranscript
{
    /// <summary><c>TH_2 = H( G_Y, H(message_1) )</c>, both as bstr.</summary>
    public static byte[] Th2(EdhocKeySchedule schedule, byte[] gY, byte[] hashMessage1) =>
        schedule.TranscriptHash([.. EdhocCbor.EncodeByteString(gY), .. EdhocCbor.EncodeByteString(hashMessage1)], "th_2");

    /// <summary><c>TH_3 = H( TH_2, PLAINTEXT_2, CRED_R )</c> and <c>TH_4 = H( TH_3, PLAINTEXT_3, CRED_I )</c>.</summary>
    public static byte[] Next(EdhocKeySchedule schedule, byte[] th, byte[] plaintext, byte[] credential, string name) =>
        schedule.TranscriptHash([.. EdhocCbor.EncodeByteString(th), .. plaintext, .. credential], name);
}
