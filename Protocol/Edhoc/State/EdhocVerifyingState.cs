using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// A state holding the peer's decrypted but unverified message (message_2 for the Initiator, message_3
/// for the Responder), lakers-style: the application reads the peer's ID_CRED and EAD, resolves the
/// credential (possibly asynchronously, from a third party), then calls <see cref="Verify(EdhocCredential)"/>.
/// </summary>
public abstract class EdhocVerifyingState<TNext> : EdhocState
    where TNext : EdhocState
{
    private protected EdhocVerifyingState(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
        PeerIdCred = EdhocReceivedCredentialReference.IdCred(data);
        PeerEad = EdhocReceivedCredentialReference.Ead(data);
    }

    /// <summary>The peer's ID_CRED (full map), to find its credential by.</summary>
    public EdhocIdCred PeerIdCred { get; }

    /// <summary>The peer's EAD items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> PeerEad { get; }

    /// <summary>Verifies the peer's Signature_or_MAC with its credential and moves on.</summary>
    public EdhocResult<TNext> Verify(EdhocCredential peerCredential) => Step(() => VerifyCore(peerCredential));

    /// <summary>Resolves the peer's credential from its ID_CRED, then verifies; an unknown credential fails with ERR_CODE 3.</summary>
    public EdhocResult<TNext> Verify(IEdhocCredentialResolver resolver) =>
        Step(() => VerifyCore(EdhocReceivedCredentialReference.Resolve(resolver, PeerIdCred)));

    private protected abstract TNext VerifyCore(EdhocCredential peerCredential);

    /// <summary>
    /// The checks and records common to both roles: the key fits the method, and what enters the MAC
    /// context is reported under <paramref name="party"/> ("r" or "i").
    /// </summary>
    private protected void Admit(EdhocAuthentication authentication, EdhocCredential peerCredential, string party, string eadName)
    {
        authentication.RequireSuitableKey(peerCredential.PublicKey);
        Schedule.Record($"id_cred_{party}", Data.PeerIdCred);
        Schedule.Record($"cred_{party}", peerCredential.Value);
        Schedule.Record(eadName, Data.PeerEad);
    }
}
