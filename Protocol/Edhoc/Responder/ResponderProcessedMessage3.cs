using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Responder after verifying message_3: the handshake is complete (<see cref="Session"/>);
/// message_4 is optional (RFC 9528 section 5.5) and may be sent again if it is lost.
/// </summary>
public sealed class ResponderProcessedMessage3 : EdhocState
{
    internal ResponderProcessedMessage3(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
        Ead3 = EdhocReceivedCredentialReference.Ead(data);
        Session = EdhocSession.From(data, Schedule);
    }

    /// <summary>EAD_3 items (padding removed).</summary>
    public IReadOnlyList<EadItem> Ead3 { get; }

    public EdhocSession Session { get; }

    /// <summary>
    /// RFC 9528 section 5.5.2: <c>message_4 = bstr(CIPHERTEXT_4)</c>, PLAINTEXT_4 = ? EAD_4, with K_4 and
    /// IV_4 from PRK_4e3m and TH_4. Deterministic, so a lost message_4 can be rebuilt.
    /// </summary>
    public byte[] PrepareMessage4(IReadOnlyList<EadItem>? ead4 = null)
    {
        byte[] plaintext4 = EadItem.EncodeSequence(ead4 ?? []);
        Schedule.Record("ead_4", plaintext4);
        byte[] ciphertext4 = EdhocKeyDerivation.Encrypt4(Schedule, Data.Prk4e3m, Data.Th, plaintext4);
        byte[] message4 = EdhocCbor.EncodeByteString(ciphertext4);
        Schedule.Record("message_4", message4);
        return message4;
    }
}
