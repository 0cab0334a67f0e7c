namespace Eals.Grains.Operators;

/// <summary>
/// One operator action: who (name, or the name tried for a failed login; the authentication scheme),
/// what (method and route, and the path it targeted), its outcome (HTTP status), when and from where.
/// Never a password or token.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Operator,
    [property: Id(2)] string? Scheme,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] int Status,
    [property: Id(6)] string? RemoteAddress,
    [property: Id(7)] string? Detail);
