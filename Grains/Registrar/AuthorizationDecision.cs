namespace Eals.Grains.Registrar;

/// <summary>Whether an authenticated pledge may enroll now, may never, or waits for an operator.</summary>
[GenerateSerializer]
public enum AuthorizationOutcome
{
    Allowed = 0,
    Denied = 1,
    Pending = 2,
}

/// <summary>The admission decision for an authenticated pledge, with its reason.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.authorization-decision")]
public sealed record AuthorizationDecision([property: Id(0)] AuthorizationOutcome Outcome, [property: Id(1)] string Reason, [property: Id(2)] string? DecidedBy = null)
{
    /// <summary>Who decided an allowed pledge: <see cref="Policy"/> for the allow-list or an enrollment group, else an operator.</summary>
    public const string Policy = "policy";

    public bool Allowed => Outcome == AuthorizationOutcome.Allowed;

    public static AuthorizationDecision Allow(string reason, string? decidedBy = null) => new(AuthorizationOutcome.Allowed, reason, decidedBy);

    public static AuthorizationDecision Deny(string reason) => new(AuthorizationOutcome.Denied, reason);

    public static AuthorizationDecision Wait(string reason) => new(AuthorizationOutcome.Pending, reason);
}
