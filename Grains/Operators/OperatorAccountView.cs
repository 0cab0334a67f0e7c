namespace Eals.Grains.Operators;

/// <summary>An account as shown to operators and checked by sessions: never the password hash.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.operator-account-view")]
public sealed record OperatorAccountView(
    [property: Id(0)] string Username,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(2)] Guid Stamp,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? LockedUntil);
