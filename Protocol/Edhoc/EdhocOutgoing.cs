namespace Eals.Protocol.Edhoc;

/// <summary>A message to send and the state that waits for the answer.</summary>
public sealed record EdhocOutgoing<TState>(TState State, byte[] Message)
    where TState : class;
