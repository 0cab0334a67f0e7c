namespace Eals.Grains.Registrar;

/// <summary>What happens to an authenticated pledge that no allow-list entry or enrollment group approves.</summary>
public enum UnknownPledgePolicy
{
    /// <summary>It waits for an operator's decision (the pledge is answered 5.03 with Max-Age meanwhile).</summary>
    Pending = 0,
    /// <summary>It is refused at once with an EDHOC error.</summary>
    Reject = 1,
}
