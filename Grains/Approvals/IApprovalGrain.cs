using Eals.Grains.Pledges;

namespace Eals.Grains.Approvals;

/// <summary>One pledge's approval, keyed by its IDevID serial. Decisions are persisted and idempotent.</summary>
[Alias("eals.approval")]
public interface IApprovalGrain : IGrainWithStringKey
{
    /// <summary>
    /// The registrar asks for a decision: with <paramref name="automaticReason"/> (an allow-list entry or
    /// enrollment group) it is approved at once by the policy; otherwise a new request is pending.
    /// An existing decision is returned unchanged (the voucher summary, when given, is kept up to date).
    /// </summary>
    [Alias("request")]
    Task<ApprovalRecord> RequestAsync(PledgeIdentity identity, string? automaticReason, VoucherSummary? voucher, bool notePledge = true);

    /// <summary>
    /// An operator's decision (also before the pledge ever asked: pre-approval). Repeating the same
    /// decision changes nothing; contradicting an earlier one throws <see cref="InvalidOperationException"/>.
    /// </summary>
    [Alias("decide")]
    Task<ApprovalRecord> DecideAsync(bool approve, string operatorName, string reason);

    [Alias("get")]
    Task<ApprovalRecord?> GetAsync();
}
