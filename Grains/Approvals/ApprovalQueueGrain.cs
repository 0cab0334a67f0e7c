using Orleans.Runtime;

namespace Eals.Grains.Approvals;

public sealed class ApprovalQueueGrain([PersistentState("approval-queue")] IPersistentState<ApprovalQueueState> state) : Grain, IApprovalQueueGrain
{
    public async Task AddAsync(string serial)
    {
        if (state.State.Pending.Add(serial))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string serial)
    {
        if (state.State.Pending.Remove(serial))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Pending.Order(StringComparer.Ordinal)]);
}

[GenerateSerializer]
[Alias("eals.approval-queue-state")]
public sealed class ApprovalQueueState
{
    [Id(0)] public HashSet<string> Pending { get; set; } = new(StringComparer.Ordinal);
}
