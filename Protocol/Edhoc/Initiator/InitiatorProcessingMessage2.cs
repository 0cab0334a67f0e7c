using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Initiator holding a decrypted but unverified message_2: the application reads
/// <see cref="IdCredR"/> and <see cref="Ead2"/>, fetches and validates CRED_R (possibly asynchronously),
/// then calls <see cref="Verify"/>.
/// </summary>
public sealed class InitiatorProcessingMessage2 : EdhocState
{
    internal InitiatorProcessingMessage2(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
        IdCredR = EdhocReceivedCredentialReference.IdCred(data);
        Ead2 = EdhocReceivedCredentialReference.Ead(data);
    }

    /// <summary>C_R as raw bytes (the Initiator's OSCORE Sender ID).</summary>
    public byte[] ConnectionIdR => Data.ConnectionIdR;

    public EdhocIdCred IdCredR { get; }

    /// <summary>EAD_2 items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> Ead2 { get; }

    /// <summary>RFC 9528 section 5.3.3: verifies Signature_or_MAC_2 with CRED_R and computes TH_3.</summary>
    public EdhocResult<InitiatorProcessedMessage2> Verify(EdhocCredential credentialR) => Step(() => VerifyCore(credentialR));

    /// <summary>Resolves CRED_R from ID_CRED_R, then verifies; an unknown credential fails with ERR_CODE 3.</summary>
    public EdhocResult<InitiatorProcessedMessage2> Verify(IEdhocCredentialResolver resolver) =>
        Step(() => VerifyCore(EdhocReceivedCredentialReference.Resolve(resolver, IdCredR)));

    private InitiatorProcessedMessage2 VerifyCore(EdhocCredential credentialR)
    {
        var authentication = EdhocAuthentication.ForMessage2(Schedule, Data);
        authentication.RequireSuitableKey(credentialR.PublicKey);
        Schedule.Record("id_cred_r", Data.PeerIdCred);
        Schedule.Record("cred_r", credentialR.Value);
        Schedule.Record("ead_2", Data.PeerEad);
        byte[] prk3e2m = EdhocKeyDerivation.Prk3e2m(Schedule, Data, Data.Prk2e, Data.Th, Data.EphemeralPrivateKey, credentialR.PublicKey.X);
        authentication.Verify(Data.PeerSignatureOrMac, prk3e2m, Data.ConnectionIdR, Data.PeerIdCred, Data.Th, credentialR, Data.PeerEad);
        byte[] th3 = EdhocTranscript.Next(Schedule, Data.Th, Data.Plaintext, credentialR.Value, "th_3");
        var next = Next(EdhocPhase.InitiatorProcessedMessage2) with
        {
            Th = th3,
            Prk2e = [],
            Prk3e2m = prk3e2m,
            Plaintext = [],
            PeerIdCred = [],
            PeerSignatureOrMac = [],
            PeerEad = [],
        };
        return new InitiatorProcessedMessage2(next, Schedule.Crypto, Schedule.Observer);
    }
}
