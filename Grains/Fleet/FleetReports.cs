using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Carries the directory shards' reports of this silo to the fleet statistics in one call per
/// <see cref="SendEvery"/>, instead of one call per shard: with 1,024 shards a busy fleet would make the
/// statistics grain the target of about one call per enrollment. A shard hands its report over and
/// counts it delivered; a report not taken in (the statistics grain unreachable) is kept, merged with the
/// shard's next one (counts are absolute, completions add up, the latest changes are kept), and sent again.
/// </summary>
public sealed partial class FleetReports(IGrainFactory grains, TimeProvider time, ILogger<FleetReports> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan SendEvery = TimeSpan.FromSeconds(1);

    /// <summary>State changes carried per shard at most (the live view needs the latest, not every one under load).</summary>
    public const int MaxChangesPerShard = 64;

    private readonly Lock _gate = new();
    private Dictionary<int, ShardReport> _pending = [];

    public void Submit(ShardReport report)
    {
        lock (_gate)
        {
            _pending[report.Shard] = _pending.TryGetValue(report.Shard, out var earlier) ? Merge(earlier, report) : report;
        }
    }

    public async Task SendAsync()
    {
        Dictionary<int, ShardReport> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            batch = _pending;
            _pending = [];
        }
        try
        {
            await grains.GetGrain<IFleetStatsGrain>(0).ReportManyAsync([.. batch.Values]);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            LogNotSent(logger, batch.Count, exception.Message);
            lock (_gate)
            {
                foreach (var (shard, report) in batch)
                {
                    _pending[shard] = _pending.TryGetValue(shard, out var newer) ? Merge(report, newer) : report;
                }
            }
        }
    }

    private static ShardReport Merge(ShardReport earlier, ShardReport later)
    {
        var completed = new Dictionary<long, int>(earlier.CompletedByMinute);
        foreach (var (minute, count) in later.CompletedByMinute)
        {
            completed[minute] = completed.GetValueOrDefault(minute) + count;
        }
        var changes = earlier.Changes.Concat(later.Changes).TakeLast(MaxChangesPerShard).ToList();
        return later with { CompletedByMinute = completed, Changes = changes };
    }

    // Runs while the silo is active; stopping sends what is queued while grains can still be called.
    public void Participate(ISiloLifecycle lifecycle) =>
        new PeriodicSiloWork(nameof(FleetReports), SendEvery, time, SendAsync).Participate(lifecycle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fleet statistics did not take {Count} shard reports now ({Reason}); they go again with the next")]
    private static partial void LogNotSent(ILogger logger, int count, string reason);
}
