using Eals.Grains.Pledges;

namespace Eals.Grains.Approvals;

/// <summary>
/// The admission decision for one pledge: pending, or approved/rejected by whom (an operator, or the
/// policy entry that approved it at once), when and why. <see cref="Voucher"/> describes the ownership
/// voucher the registrar holds for it, for the operator to judge.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.approval-record")]
public sealed record ApprovalRecord(
    [property: Id(0)] string Serial,
    [property: Id(1)] ApprovalStatus Status,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] PledgeIdentity? Identity,
    [property: Id(4)] DateTimeOffset? DecidedAt,
    [property: Id(5)] string? DecidedBy,
    [property: Id(6)] string? Reason,
    [property: Id(7)] VoucherSummary? Voucher);
