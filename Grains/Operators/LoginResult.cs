namespace Eals.Grains.Operators;

/// <summary>A login attempt's outcome; the account when it succeeded, the end of the lockout when locked out.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.login-result")]
public sealed record LoginResult(
    [property: Id(0)] LoginOutcome Outcome,
    [property: Id(1)] OperatorAccountView? Account,
    [property: Id(2)] DateTimeOffset? LockedUntil);
