using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Adds up the shards' reports (<see cref="FleetTally"/>) in memory and persists them at most every
/// <see cref="SaveEvery"/>: after a restart, shards that changed since are repaired by their next report
/// or by their periodic repeat (<see cref="PledgeDirectoryShardGrain.RepeatEvery"/>).
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

    public Task ReportManyAsync(ShardReport[] reports)
    {
        var now = time.GetUtcNow();
        foreach (var report in reports)
        {
            _tally.Apply(report, now);
        }
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<FleetFigures> GetFiguresAsync(int minutes) => Task.FromResult(_tally.Figures(time.GetUtcNow(), minutes));

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
