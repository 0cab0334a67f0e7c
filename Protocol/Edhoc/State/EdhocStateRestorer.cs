using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>Restores a state from <see cref="EdhocState.Serialize"/>, as the type its phase names.</summary>
public static class EdhocStateRestorer
{
    public static EdhocResult<EdhocState> Restore(byte[] serialized, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer = null)
    {
        try
        {
            var data = EdhocStateSerializer.Deserialize(serialized);
            bool initiatorPhase = data.Phase <= EdhocPhase.InitiatorWaitingForMessage4;
            if (data.Phase != EdhocPhase.Completed && data.IsInitiator != initiatorPhase)
            {
                return new EdhocFailure(EdhocFailureKind.UnexpectedState, "serialised state: role does not match phase");
            }
            return data.Phase switch
            {
                EdhocPhase.InitiatorWaitingForMessage2 => new InitiatorWaitingForMessage2(data, crypto, observer),
                EdhocPhase.InitiatorProcessingMessage2 => new InitiatorProcessingMessage2(data, crypto, observer),
                EdhocPhase.InitiatorProcessedMessage2 => new InitiatorProcessedMessage2(data, crypto, observer),
                EdhocPhase.InitiatorWaitingForMessage4 => new InitiatorWaitingForMessage4(data, crypto, observer),
                EdhocPhase.ResponderProcessingMessage1 => new ResponderProcessingMessage1(data, crypto, observer),
                EdhocPhase.ResponderWaitingForMessage3 => new ResponderWaitingForMessage3(data, crypto, observer),
                EdhocPhase.ResponderProcessingMessage3 => new ResponderProcessingMessage3(data, crypto, observer),
                EdhocPhase.ResponderProcessedMessage3 => new ResponderProcessedMessage3(data, crypto, observer),
                _ => new EdhocSession(data, crypto, observer),
            };
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
        catch (InvalidOperationException e)
        {
            return new EdhocFailure(EdhocFailureKind.UnexpectedState, $"serialised state: {e.Message}");
        }
    }

    /// <summary>Restores and checks the type in one go.</summary>
    public static EdhocResult<TState> Restore<TState>(byte[] serialized, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer = null)
        where TState : EdhocState
    {
        var result = Restore(serialized, crypto, observer);
        if (!result.IsSuccess)
        {
            return result.Failure;
        }
        return result.Value is TState state
            ? state
            : new EdhocFailure(EdhocFailureKind.UnexpectedState, $"serialised state is {result.Value.GetType().Name}, not {typeof(TState).Name}");
    }
}
