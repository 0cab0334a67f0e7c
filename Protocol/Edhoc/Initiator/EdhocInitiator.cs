using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Starts an EDHOC session as Initiator (RFC 9528 section 5.2.2). The steps that follow:
/// <code>
/// Start                        -> message_1, InitiatorWaitingForMessage2
/// .ProcessMessage2(message_2)  -> InitiatorProcessingMessage2   (C_R, ID_CRED_R, EAD_2: resolve CRED_R)
/// .Verify(CRED_R)              -> InitiatorProcessedMessage2
/// .PrepareMessage3(identity)   -> message_3, InitiatorWaitingForMessage4
/// .ProcessMessage4(message_4)  -> EdhocSession   (or .CompleteWithoutMessage4())
/// </code>
/// </summary>
public static class EdhocInitiator
{
    public static EdhocOutgoing<InitiatorWaitingForMessage2> Start(EdhocInitiatorOptions options, ICipherSuiteCrypto crypto, IRandomSource random, IEdhocTraceObserver? observer = null)
    {
        if (options.SuitesI.Count == 0 || EdhocCipherSuite.Find(options.SuitesI[^1]) is not { } suite)
        {
            throw new ArgumentException("the selected (last) suite of SUITES_I must be an implemented suite", nameof(options));
        }
        if (!Enum.IsDefined(options.Method))
        {
            throw new ArgumentException($"METHOD {(int)options.Method} is not defined", nameof(options));
        }
        var schedule = new EdhocKeySchedule(crypto, observer);
        var ephemeral = crypto.GenerateKeyPair(suite.Curve, random);
        var message1 = new EdhocMessage1((int)options.Method, options.SuitesI, ephemeral.PublicKey, options.ConnectionId, options.Ead1);
        byte[] encoded = message1.Encode();
        schedule.Record("method_cbor", [(byte)options.Method]);
        schedule.Record("suites_i_cbor", EdhocSuites.Encode(options.SuitesI));
        schedule.Record("g_x", ephemeral.PublicKey);
        if (ephemeral.PublicKeyY.Length > 0)
        {
            schedule.Record("g_x_y_coordinate", ephemeral.PublicKeyY);
        }
        schedule.Record("g_x_cbor", EdhocCbor.EncodeByteString(ephemeral.PublicKey));
        schedule.Record("c_i_cbor", EdhocCbor.EncodeIdentifier(options.ConnectionId));
        schedule.Record("ead_1", EadItem.EncodeSequence(options.Ead1));
        schedule.Record("message_1", encoded);
        byte[] hashMessage1 = crypto.Hash(encoded);
        schedule.Record("h_message_1", hashMessage1);
        var state = new EdhocSessionState
        {
            Phase = EdhocPhase.InitiatorWaitingForMessage2,
            IsInitiator = true,
            Method = options.Method,
            Suite = suite.Id,
            SuitesI = [.. options.SuitesI],
            EphemeralPrivateKey = ephemeral.PrivateKey,
            GX = ephemeral.PublicKey,
            ConnectionIdI = options.ConnectionId,
            HashMessage1 = hashMessage1,
        };
        return new(new InitiatorWaitingForMessage2(state, crypto, observer), encoded);
    }

    /// <summary>
    /// After an error with ERR_CODE 2 (RFC 9528 section 6.3.2): SUITES_I for the next attempt, the
    /// Initiator's suites in order of preference up to and including its most preferred suite that the
    /// Responder supports; null when there is none.
    /// </summary>
    public static IReadOnlyList<int>? NegotiateSuites(IReadOnlyList<int> initiatorPreference, IReadOnlyList<int> suitesR)
    {
        for (int i = 0; i < initiatorPreference.Count; i++)
        {
            if (suitesR.Contains(initiatorPreference[i]) && EdhocCipherSuite.Find(initiatorPreference[i]) is not null)
            {
                return [.. initiatorPreference.Take(i + 1)];
            }
        }
        return null;
    }
}
