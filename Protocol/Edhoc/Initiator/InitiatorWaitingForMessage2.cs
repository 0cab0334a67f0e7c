using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>The Initiator after sending message_1.</summary>
public sealed class InitiatorWaitingForMessage2 : EdhocState
{
    internal InitiatorWaitingForMessage2(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    /// <summary>
    /// RFC 9528 section 5.3.3: decodes message_2, derives PRK_2e, decrypts PLAINTEXT_2 and hands back
    /// C_R, ID_CRED_R and EAD_2 before anything is verified. An error message from the Responder
    /// (for instance ERR_CODE 2 with SUITES_R) comes back as a <see cref="EdhocFailureKind.PeerError"/>.
    /// </summary>
    public EdhocResult<InitiatorProcessingMessage2> ProcessMessage2(byte[] message2, IReadOnlySet<int>? understoodEadLabels = null) => Step(() =>
    {
        if (EdhocCbor.StartsWithInteger(message2) && EdhocErrorMessage.Decode(message2).TryGetValue(out var error))
        {
            throw new EdhocProtocolException(error.ToFailure());
        }
        var suite = Data.CipherSuite;
        var message = EdhocMessage2.Read(message2, EdhocCipherSuite.EphemeralKeyLength);
        if (!Schedule.Crypto.IsValidPublicKey(suite.Curve, message.GY))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.InvalidPublicKey, "G_Y is not a valid public key");
        }
        Schedule.Record("g_y", message.GY);
        Schedule.Record("g_y_cbor", EdhocCbor.EncodeByteString(message.GY));
        Schedule.Record("ciphertext_2", message.Ciphertext2);
        Schedule.Record("message_2", message2);
        byte[] gXY = Schedule.SharedSecret(suite.Curve, Data.EphemeralPrivateKey, message.GY, "g_xy");
        byte[] th2 = EdhocTranscript.Th2(Schedule, message.GY, Data.HashMessage1);
        byte[] prk2e = EdhocKeyDerivation.Prk2e(Schedule, th2, gXY);
        byte[] keystream = EdhocKeyDerivation.Keystream2(Schedule, prk2e, th2, message.Ciphertext2.Length);
        byte[] plaintext = EdhocKeySchedule.Xor(message.Ciphertext2, keystream);
        Schedule.Record("plaintext_2", plaintext);
        var parsed = EdhocPlaintext2.Read(plaintext, EdhocAuthentication.ForMessage2(Schedule, Data).SignatureOrMacLength);
        EadItem.Filter(parsed.Ead2, understoodEadLabels ?? new HashSet<int>());
        Schedule.Record("c_r_cbor", EdhocCbor.EncodeIdentifier(parsed.ConnectionIdR));
        var next = Next(EdhocPhase.InitiatorProcessingMessage2) with
        {
            GY = message.GY,
            ConnectionIdR = parsed.ConnectionIdR,
            Th = th2,
            Prk2e = prk2e,
            Plaintext = plaintext,
            PeerIdCred = parsed.IdCredR.Encoded,
            PeerSignatureOrMac = parsed.SignatureOrMac2,
            PeerEad = EadItem.EncodeSequence(parsed.Ead2),
        };
        return new InitiatorProcessingMessage2(next, Schedule.Crypto, Schedule.Observer);
    });
}
