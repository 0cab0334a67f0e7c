using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>The Responder after sending message_2.</summary>
public sealed class ResponderWaitingForMessage3 : EdhocState
{
    internal ResponderWaitingForMessage3(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    /// <summary>C_R as raw bytes.</summary>
    public byte[] ConnectionIdR => Data.ConnectionIdR;

    /// <summary>
    /// RFC 9528 section 5.4.3: decrypts message_3 and hands back ID_CRED_I and EAD_3 before anything is
    /// verified. An error message from the Initiator comes back as a <see cref="EdhocFailureKind.PeerError"/>.
    /// </summary>
    public EdhocResult<ResponderProcessingMessage3> ProcessMessage3(byte[] message3, IReadOnlySet<int>? understoodEadLabels = null) => Step(() =>
    {
        if (EdhocCbor.StartsWithInteger(message3) && EdhocErrorMessage.Decode(message3).TryGetValue(out var error))
        {
            throw new EdhocProtocolException(error.ToFailure());
        }
        byte[] ciphertext3 = EdhocCiphertextMessage.Read(message3, "message_3");
        Schedule.Record("message_3", message3);
        byte[] plaintext3 = EdhocKeyDerivation.Decrypt3(Schedule, Data.Prk3e2m, Data.Th, ciphertext3);
        var parsed = EdhocPlaintext3.Read(plaintext3, EdhocAuthentication.ForMessage3(Schedule, Data).SignatureOrMacLength);
        EadItem.Filter(parsed.Ead3, understoodEadLabels ?? new HashSet<int>());
        var next = Next(EdhocPhase.ResponderProcessingMessage3) with
        {
            Plaintext = plaintext3,
            PeerIdCred = parsed.IdCredI.Encoded,
            PeerSignatureOrMac = parsed.SignatureOrMac3,
            PeerEad = EadItem.EncodeSequence(parsed.Ead3),
        };
        return new ResponderProcessingMessage3(next, Schedule.Crypto, Schedule.Observer);
    });
}
