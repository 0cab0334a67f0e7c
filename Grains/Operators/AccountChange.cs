namespace Eals.Grains.Operators;

/// <summary>The result of a change to the accounts: done (with the account as it is now) or why not.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.account-change")]
public sealed record AccountChange(
    [property: Id(0)] AccountChangeOutcome Outcome,
    [property: Id(1)] string? Problem,
    [property: Id(2)] OperatorAccountView? Account)
{
    public static AccountChange Done(OperatorAccountView? account) => new(AccountChangeOutcome.Done, null, account);

    public static AccountChange Refused(AccountChangeOutcome outcome, string problem) => new(outcome, problem, null);
}
