using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>The Initiator after verifying message_2, ready to authenticate itself in message_3.</summary>
public sealed class InitiatorProcessedMessage2 : EdhocState
{
    internal InitiatorProcessedMessage2(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    /// <summary>C_R as raw bytes.</summary>
    public byte[] ConnectionIdR => Data.ConnectionIdR;

    /// <summary>
    /// RFC 9528 section 5.4.2: computes Signature_or_MAC_3, encrypts PLAINTEXT_3 into message_3 and
    /// derives PRK_out.
    /// </summary>
    public EdhocResult<EdhocOutgoing<InitiatorWaitingForMessage4>> PrepareMessage3(EdhocIdentity identityI, IReadOnlyList<EadItem>? ead3 = null) => Step(() =>
    {
        var authentication = EdhocAuthentication.ForMessage3(Schedule, Data);
        authentication.RequireSuitableKey(identityI.Credential.PublicKey);
        var credential = identityI.Credential;
        byte[] eadBytes = EadItem.EncodeSequence(ead3 ?? []);
        Schedule.Record("id_cred_i", credential.IdCred.Encoded);
        Schedule.Record("cred_i", credential.Value);
        Schedule.Record("ead_3", eadBytes);
        byte[] prk4e3m = EdhocKeyDerivation.Prk4e3m(Schedule, Data, Data.Prk3e2m, Data.Th, identityI.PrivateKey, Data.GY);
        byte[] signatureOrMac = authentication.Produce(prk4e3m, null, credential.IdCred.Encoded, Data.Th, credential.Value, eadBytes, identityI.PrivateKey);
        byte[] plaintext3 = new EdhocPlaintext3(credential.IdCred, signatureOrMac, ead3 ?? []).Encode();
        byte[] ciphertext3 = EdhocKeyDerivation.Encrypt3(Schedule, Data.Prk3e2m, Data.Th, plaintext3);
        byte[] message3 = EdhocCbor.EncodeByteString(ciphertext3);
        Schedule.Record("message_3", message3);
        byte[] th4 = EdhocTranscript.Next(Schedule, Data.Th, plaintext3, credential.Value, "th_4");
        byte[] prkOut = EdhocKeyDerivation.PrkOut(Schedule, prk4e3m, th4);
        var next = Next(EdhocPhase.InitiatorWaitingForMessage4) with
        {
            EphemeralPrivateKey = [],
            Th = th4,
            Prk3e2m = [],
            Prk4e3m = prk4e3m,
            PrkOut = prkOut,
            PrkExporter = EdhocKeyDerivation.PrkExporter(Schedule, prkOut),
        };
        return new EdhocOutgoing<InitiatorWaitingForMessage4>(new InitiatorWaitingForMessage4(next, Schedule.Crypto, Schedule.Observer), message3);
    });
}
