namespace Eals.Protocol.Coap;

/// <summary>What <see cref="EchoChallenge.Check"/> found in an Echo value.</summary>
public enum EchoVerdict
{
    /// <summary>Made by a holder of the key, for this binding, within the window: the requester received it.</summary>
    Fresh,

    /// <summary>Not the length this challenge makes: not one of ours.</summary>
    WrongLength,

    /// <summary>The MAC does not match: tampered, made with another key, or made for another requester.</summary>
    Forged,

    /// <summary>Authentic, but older than the window.</summary>
    Stale,

    /// <summary>Authentic, but from further in the future than the clock skew allows.</summary>
    FromTheFuture,
}
