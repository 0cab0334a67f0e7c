namespace Eals.Grains.Edhoc;

[GenerateSerializer]
public enum EdhocSessionPhase
{
    /// <summary>No session under this connection identifier.</summary>
    None = 0,
    /// <summary>Reverse flow: message_1 sent, waiting for message_2.</summary>
    AwaitingMessage2 = 1,
    /// <summary>Forward flow: message_2 sent, waiting for message_3.</summary>
    AwaitingMessage3 = 2,
    /// <summary>Handshake done, OSCORE context established; the final reply is kept for repeats.</summary>
    Completed = 3,
    /// <summary>Ended by an error; the error reply is kept for repeats.</summary>
    Failed = 4,
}
