using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Receives message_1 as Responder (RFC 9528 section 5.2.3). The steps that follow:
/// <code>
/// ProcessMessage1(message_1)           -> ResponderProcessingMessage1   (METHOD, SUITES_I, C_I, EAD_1)
/// .PrepareMessage2(identity, C_R, rng) -> message_2, ResponderWaitingForMessage3
/// .ProcessMessage3(message_3)          -> ResponderProcessingMessage3   (ID_CRED_I, EAD_3: resolve CRED_I)
/// .Verify(CRED_I)                      -> ResponderProcessedMessage3    (.Session, .PrepareMessage4())
/// </code>
/// </summary>
public static class EdhocResponder
{
    public static EdhocResult<ResponderProcessingMessage1> ProcessMessage1(byte[] message1, EdhocResponderOptions options, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer = null)
    {
        try
        {
            return Process(message1, options, crypto, observer);
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    private static ResponderProcessingMessage1 Process(byte[] message1, EdhocResponderOptions options, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
    {
        var message = EdhocMessage1.Read(message1);
        if (!EdhocMethodExtensions.IsDefined(message.Method) || !options.AcceptedMethods.Contains((EdhocMethod)message.Method))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.UnsupportedMethod, $"METHOD {message.Method} not accepted");
        }
        int selected = message.SelectedSuite;
        if (EdhocCipherSuite.RegisteredEphemeralKeyLength(selected) is { } keyLength && message.GX.Length != keyLength)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.InvalidKeyLength, $"G_X has {message.GX.Length} bytes, suite {selected} needs {keyLength}");
        }
        // Section 5.2.3: the selected suite must be supported, and no suite the Initiator prefers to it.
        bool preferredSupported = message.SuitesI.Take(message.SuitesI.Count - 1).Any(options.SupportedSuites.Contains);
        if (!options.SupportedSuites.Contains(selected) || EdhocCipherSuite.Find(selected) is not { } suite || preferredSupported)
        {
            throw new EdhocProtocolException(new EdhocFailure(EdhocFailureKind.WrongSelectedCipherSuite, $"selected suite {selected} not acceptable")
            {
                SuitesR = options.SupportedSuites,
            });
        }
        if (!crypto.IsValidPublicKey(suite.Curve, message.GX))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.InvalidPublicKey, "G_X is not a valid public key");
        }
        EadItem.Filter(message.Ead1, options.UnderstoodEadLabels);
        var schedule = new EdhocKeySchedule(crypto, observer);
        schedule.Record("message_1", message1);
        byte[] hashMessage1 = crypto.Hash(message1);
        schedule.Record("h_message_1", hashMessage1);
        var state = new EdhocSessionState
        {
            Phase = EdhocPhase.ResponderProcessingMessage1,
            IsInitiator = false,
            Method = (EdhocMethod)message.Method,
            Suite = suite.Id,
            SuitesI = [.. message.SuitesI],
            GX = message.GX,
            ConnectionIdI = message.ConnectionIdI,
            HashMessage1 = hashMessage1,
            PeerEad = EadItem.EncodeSequence(message.Ead1),
        };
        return new ResponderProcessingMessage1(state, crypto, observer);
    }
}
