using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Orleans.Runtime;

namespace Eals.Grains.Approvals;

/// <summary>
/// Pending -> Approved | Rejected, once. Each decision is written before it is reported, appears on the
/// pledge's timeline with who and why, and leaves the operators' queue.
/// </summary>
public sealed class ApprovalGrain(
    [PersistentState("approval")] IPersistentState<ApprovalGrainState> state,
    TimeProvider time) : Grain, IApprovalGrain
{
    private string Serial => this.GetPrimaryKeyString();

    // notePledge false: the caller is the pledge grain itself (it cannot be called back) and puts the step on its timeline.
    public async Task<ApprovalRecord> RequestAsync(PledgeIdentity identity, string? automaticReason, VoucherSummary? voucher, bool notePledge = true)
    {
        if (state.State.Record is { } existing)
        {
            if (existing.Identity is null || (voucher is not null && existing.Voucher != voucher))
            {
                // Pre-approved before the pledge showed up, or a newer voucher: remember who it is and what vouches for it.
                state.State.Record = existing with { Identity = identity, Voucher = voucher ?? existing.Voucher };
                await state.WriteStateAsync();
            }
            return state.State.Record;
        }
        var now = time.GetUtcNow();
        if (automaticReason is not null)
        {
            state.State.Record = new ApprovalRecord(Serial, ApprovalStatus.Approved, now, identity, now, AuthorizationDecision.Policy, automaticReason, voucher);
            await state.WriteStateAsync();
            if (notePledge)
            {
                await GrainFactory.Reference<IPledgeGrain>(Serial).NoteAsync("approval", "approved", $"by policy: {automaticReason}");
            }
            return state.State.Record;
        }
        // The voucher is in the record before it is queued: an operator never sees a pending pledge without it.
        state.State.Record = new ApprovalRecord(Serial, ApprovalStatus.Pending, now, identity, null, null, null, voucher);
        await state.WriteStateAsync();
        await GrainFactory.Reference<IApprovalQueueGrain>(0).AddAsync(Serial);
        if (notePledge)
        {
            await GrainFactory.Reference<IPledgeGrain>(Serial).NoteAsync("approval", "pending", "waiting for an operator");
        }
        return state.State.Record;
    }

    public async Task<ApprovalRecord> DecideAsync(bool approve, string operatorName, string reason)
    {
        var status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        var existing = state.State.Record;
        if (existing is { Status: not ApprovalStatus.Pending })
        {
            return existing.Status == status
                ? existing
                : throw new InvalidOperationException($"{Serial} was already {existing.Status.ToString().ToLowerInvariant()} by {existing.DecidedBy} at {existing.DecidedAt:u}");
        }
        var now = time.GetUtcNow();
        state.State.Record = new ApprovalRecord(Serial, status, existing?.RequestedAt ?? now, existing?.Identity, now, operatorName, reason, existing?.Voucher);
        await state.WriteStateAsync();
        await GrainFactory.Reference<IApprovalQueueGrain>(0).RemoveAsync(Serial);
        await GrainFactory.Reference<IPledgeGrain>(Serial).NoteAsync("approval", approve ? "approved" : "rejected", $"by {operatorName}: {reason}");
        return state.State.Record;
    }

    // A pledge a policy approved on the EDHOC route keeps that approval itself (one write per exchange).
    public async Task<ApprovalRecord?> GetAsync() =>
        state.State.Record ?? await GrainFactory.Reference<IPledgeGrain>(Serial).GetPolicyApprovalAsync();
}

[GenerateSerializer]
[Alias("eals.approval-state")]
public sealed class ApprovalGrainState
{
    [Id(0)] public ApprovalRecord? Record { get; set; }
}
