using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Responder holding a decrypted but unverified message_3: the application reads
/// <see cref="IdCredI"/> and <see cref="Ead3"/>, resolves CRED_I (possibly asynchronously), then calls
/// <c>Verify</c>.
/// </summary>
public sealed class ResponderProcessingMessage3 : EdhocVerifyingState<ResponderProcessedMessage3>
{
    internal ResponderProcessingMessage3(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    public EdhocIdCred IdCredI => PeerIdCred;

    /// <summary>EAD_3 items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> Ead3 => PeerEad;

    /// <summary>RFC 9528 section 5.4.3: verifies Signature_or_MAC_3 with CRED_I and derives PRK_out.</summary>
    private protected override ResponderProcessedMessage3 VerifyCore(EdhocCredential peerCredential)
    {
        var authentication = EdhocAuthentication.ForMessage3(Schedule, Data);
        Admit(authentication, peerCredential, "i", "ead_3");
        byte[] prk4e3m = EdhocKeyDerivation.Prk4e3m(Schedule, Data, Data.Prk3e2m, Data.Th, Data.EphemeralPrivateKey, peerCredential.PublicKey.X);
        authentication.Verify(Data.PeerSignatureOrMac, prk4e3m, null, Data.PeerIdCred, Data.Th, peerCredential, Data.PeerEad);
        byte[] th4 = EdhocTranscript.Next(Schedule, Data.Th, Data.Plaintext, peerCredential.Value, "th_4");
        byte[] prkOut = EdhocKeyDerivation.PrkOut(Schedule, prk4e3m, th4);
        var next = new EdhocSessionState
        {
            Phase = EdhocPhase.ResponderProcessedMessage3,
            IsInitiator = false,
            Method = Data.Method,
            Suite = Data.Suite,
            ConnectionIdI = Data.ConnectionIdI,
            ConnectionIdR = Data.ConnectionIdR,
            Th = th4,
            Prk4e3m = prk4e3m,
            PrkOut = prkOut,
            PrkExporter = EdhocKeyDerivation.PrkExporter(Schedule, prkOut),
            PeerEad = Data.PeerEad,
        };
        return new ResponderProcessedMessage3(next, Schedule.Crypto, Schedule.Observer);
    }
}
