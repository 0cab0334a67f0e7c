using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Initiator holding a decrypted but unverified message_2: the application reads
/// <see cref="IdCredR"/> and <see cref="Ead2"/>, fetches and validates CRED_R (possibly asynchronously),
/// then calls <c>Verify</c>.
/// </summary>
public sealed class InitiatorProcessingMessage2 : EdhocVerifyingState<InitiatorProcessedMessage2>
{
    internal InitiatorProcessingMessage2(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    /// <summary>C_R as raw bytes (the Initiator's OSCORE Sender ID).</summary>
    public byte[] ConnectionIdR => Data.ConnectionIdR;

    public EdhocIdCred IdCredR => PeerIdCred;

    /// <summary>EAD_2 items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> Ead2 => PeerEad;

    /// <summary>RFC 9528 section 5.3.3: verifies Signature_or_MAC_2 with CRED_R and computes TH_3.</summary>
    private protected override InitiatorProcessedMessage2 VerifyCore(EdhocCredential peerCredential)
    {
        var authentication = EdhocAuthentication.ForMessage2(Schedule, Data);
        Admit(authentication, peerCredential, "r", "ead_2");
        byte[] prk3e2m = EdhocKeyDerivation.Prk3e2m(Schedule, Data, Data.Prk2e, Data.Th, Data.EphemeralPrivateKey, peerCredential.PublicKey.X);
        authentication.Verify(Data.PeerSignatureOrMac, prk3e2m, Data.ConnectionIdR, Data.PeerIdCred, Data.Th, peerCredential, Data.PeerEad);
        byte[] th3 = EdhocTranscript.Next(Schedule, Data.Th, Data.Plaintext, peerCredential.Value, "th_3");
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
