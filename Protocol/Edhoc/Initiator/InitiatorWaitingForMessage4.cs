using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Initiator after sending message_3. The session keys exist, but the Responder has not yet
/// confirmed them: either message_4 or the first OSCORE message from the Responder does (RFC 9528 section 5.5).
/// </summary>
public sealed class InitiatorWaitingForMessage4 : EdhocState
{
    internal InitiatorWaitingForMessage4(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    /// <summary>RFC 9528 section 5.5.3: decrypts message_4 (PLAINTEXT_4 = ? EAD_4).</summary>
    public EdhocResult<EdhocCompletion> ProcessMessage4(byte[] message4, IReadOnlySet<int>? understoodEadLabels = null) => Step(() =>
    {
        if (EdhocCbor.StartsWithInteger(message4) && EdhocErrorMessage.Decode(message4).TryGetValue(out var error))
        {
            throw new EdhocProtocolException(error.ToFailure());
        }
        byte[] ciphertext4 = EdhocCiphertextMessage.Read(message4, "message_4");
        Schedule.Record("message_4", message4);
        byte[] plaintext4 = EdhocKeyDerivation.Decrypt4(Schedule, Data.Prk4e3m, Data.Th, ciphertext4);
        var items = EdhocCbor.Parse(plaintext4, "PLAINTEXT_4", EadItem.ReadAll);
        var ead4 = EadItem.Filter(items, understoodEadLabels ?? new HashSet<int>());
        Schedule.Record("ead_4", plaintext4);
        return new EdhocCompletion(EdhocSession.From(Data, Schedule), ead4);
    });

    /// <summary>Skips message_4: the application takes key confirmation from the first OSCORE message instead.</summary>
    public EdhocResult<EdhocSession> CompleteWithoutMessage4() => Step(() => EdhocSession.From(Data, Schedule));
}
