namespace Eals.Gateway.Messaging;

/// <summary>How a Confirmable message this endpoint sent ended (RFC 7252 section 4.2).</summary>
public enum ConfirmableOutcome : byte
{
    Acknowledged,
    Reset,
    TimedOut,
}
