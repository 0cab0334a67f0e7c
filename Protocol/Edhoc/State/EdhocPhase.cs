namespace Eals.Protocol.Edhoc;

/// <summary>Where a session is; stored with a serialised state so it is restored as the right type.</summary>
public enum EdhocPhase
{
    InitiatorWaitingForMessage2 = 1,
    InitiatorProcessingMessage2 = 2,
    InitiatorProcessedMessage2 = 3,
    InitiatorWaitingForMessage4 = 4,
    ResponderProcessingMessage1 = 5,
    ResponderWaitingForMessage3 = 6,
    ResponderProcessingMessage3 = 7,
    ResponderProcessedMessage3 = 8,
    Completed = 9,
}
