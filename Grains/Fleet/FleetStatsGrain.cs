using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Adds up the directory's reports (<see cref="FleetTally"/>) in memory and persists them at most every
/// <see cref="SaveEvery"/>: a restart loses at most the completions of that span from the per-minute series.
/// </summary>
public sealed class FleetStatsGrain(
    [PersistentState("fleet-stats")] IPersistentState<FleetTallyState> state,
    TimeProvider time) : Grain, IFleetStatsGrain
{
    public static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(2);

    private FleetTally _tally = null!;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tally = new FleetTally(state.State);
        this.RegisterGrainTimer(SaveAsync, new GrainTimerCreationOptions(SaveEvery, SaveEvery) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await SaveAsync(cancellationToken);

    public Task ReportAsync(FleetReport report)
    {
        _tally.Apply(report, time.GetUtcNow());
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MinuteCount>> GetCompletedPerMinuteAsync(int minutes) => Task.FromResult(_tally.CompletedPerMinute(time.GetUtcNow(), minutes));

    public Task<FleetChanges> GetChangesSinceAsync(long sequence) => Task.FromResult(_tally.ChangesSince(sequence));

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        state.State = _tally.Snapshot();
        await state.WriteStateAsync(cancellationToken);
        _dirty = false;
    }
}
