namespace Eals.Grains.Operators;

public enum AccountChangeOutcome
{
    Done,

    /// <summary>Bad input (user name, password, roles): nothing changed.</summary>
    Invalid,

    NotFound,

    /// <summary>The change contradicts the accounts as they are (name taken, last admin, wrong current password).</summary>
    Conflict,
}
