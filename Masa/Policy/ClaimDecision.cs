namespace Eals.Masa.Policy;

/// <summary>A claim policy's answer: allowed, or refused with the reason the audit log and the problem details carry.</summary>
public sealed record ClaimDecision(bool Allowed, string Reason)
{
    public static ClaimDecision Allow(string reason) => new(true, reason);

    public static ClaimDecision Refuse(string reason) => new(false, reason);
}
