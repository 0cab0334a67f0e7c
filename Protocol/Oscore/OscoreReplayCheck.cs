namespace Eals.Protocol.Oscore;

/// <summary>What the replay window says of a received Partial IV (RFC 8613 section 7.4).</summary>
public enum OscoreReplayCheck : byte
{
    /// <summary>Not received before and inside or above the window.</summary>
    Fresh = 0,
    /// <summary>Received before.</summary>
    Replayed,
    /// <summary>Below the window: it can no longer be told whether it was received.</summary>
    TooOld,
    /// <summary>The window state was lost (restart without it): freshness must first be re-established with Echo.</summary>
    WindowNotInitialised,
}
