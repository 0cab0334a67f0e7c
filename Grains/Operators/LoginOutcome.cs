namespace Eals.Grains.Operators;

public enum LoginOutcome
{
    Succeeded,

    /// <summary>Unknown user or wrong password (not told apart, to the caller or in time taken).</summary>
    Failed,

    /// <summary>Too many failures in a row: refused without looking at the password until the lockout ends.</summary>
    LockedOut,
}
