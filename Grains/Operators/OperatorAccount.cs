namespace Eals.Grains.Operators;

/// <summary>
/// A local operator account as stored: the password only as a hash; <see cref="Stamp"/> changes with
/// every change of password or roles, so sessions opened before it end; failed logins counted for lockout.
/// </summary>
[GenerateSerializer]
[Alias("eals.operator-account")]
public sealed class OperatorAccount
{
    [Id(0)] public required string Username { get; set; }
    [Id(1)] public required PasswordHash Password { get; set; }
    [Id(2)] public required string[] Roles { get; set; }
    [Id(3)] public Guid Stamp { get; set; } = Guid.NewGuid();
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public int FailedLogins { get; set; }
    [Id(6)] public DateTimeOffset? LockedUntil { get; set; }

    public OperatorAccountView View() => new(Username, Roles, Stamp, CreatedAt, LockedUntil);
}
