namespace Eals.Dashboard.Api;

/// <summary>Body of an approve or reject call: why (required; it goes into the audit trail).</summary>
public sealed record DecisionRequest(string? Reason);
