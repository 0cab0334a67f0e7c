using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Responder holding a decrypted but unverified message_3: the application reads
/// <see cref="IdCredI"/> and <see cref="Ead3"/>, resolves CRED_I (possibly asynchronously), then calls
/// <see cref="Verify(EdhocCredential)"/>.
/// </summary>
public sealed class ResponderProcessingMessage3 : EdhocState
{
    internal ResponderProcessingMessage3(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
        IdCredI = EdhocReceivedCredentialReference.IdCred(data);
        Ead3 = EdhocReceivedCredentialReference.Ead(data);
    }

    public EdhocIdCred IdCredI { get; }

    /// <summary>EAD_3 items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> Ead3 { get; }

    /// <summary>RFC 9528 section 5.4.3: verifies Signature_or_MAC_3 with CRED_I and derives PRK_out.</summary>
    public EdhocResult<ResponderProcessedMessage3> Verify(EdhocCredential credentialI) => Step(() => VerifyCore(credentialI));

    /// <summary>Resolves CRED_I from ID_CRED_I, then verifies; an unknown credential fails with ERR_CODE 3.</summary>
    public EdhocResult<ResponderProcessedMessage3> Verify(IEdhocCredentialResolver resolver) =>
        Step(() => VerifyCore(EdhocReceivedCredentialReference.Resolve(resolver, IdCredI)));

    private ResponderProcessedMessage3 VerifyCore(EdhocCredential credentialI)
    {
        var authentication = EdhocAuthentication.ForMessage3(Schedule, Data);
        authentication.RequireSuitableKey(credentialI.PublicKey);
        Schedule.Record("id_cred_i", Data.PeerIdCred);
        Schedule.Record("cred_i", credentialI.Value);
        Schedule.Record("ead_3", Data.PeerEad);
        byte[] prk4e3m = EdhocKeyDerivation.Prk4e3m(Schedule, Data, Data.Prk3e2m, Data.Th, Data.EphemeralPrivateKey, credentialI.PublicKey.X);
        authentication.Verify(Data.PeerSignatureOrMac, prk4e3m, null, Data.PeerIdCred, Data.Th, credentialI, Data.PeerEad);
        byte[] th4 = EdhocTranscript.Next(Schedule, Data.Th, Data.Plaintext, credentialI.Value, "th_4");
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
