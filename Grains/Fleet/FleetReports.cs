using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Carries what this silo's directory writes report (<see cref="FleetReport"/>) to the fleet statistics in one
/// call per <see cref="SendEvery"/>, so the statistics grain's load depends on the number of silos, not on the
/// enrollment rate. A report not taken in (the statistics grain unreachable) is kept, merged with the next ones
/// (completions add up, the latest changes are kept), and sent again.
/// </summary>
public sealed partial class FleetReports(IGrainFactory grains, TimeProvider time, ILogger<FleetReports> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan SendEvery = TimeSpan.FromSeconds(1);

    /// <summary>State changes carried per report at most (the live view needs the latest, not every one under load).</summary>
    public const int MaxChanges = 1024;

    private readonly Lock _gate = new();
    private FleetReport? _pending;

    public void Submit(FleetReport report)
    {
        if (report.IsEmpty)
        {
            return;
        }
        lock (_gate)
        {
            _pending = _pending is null ? report : FleetReport.Merge(_pending, report, MaxChanges);
        }
    }

    public async Task SendAsync()
    {
        FleetReport? report;
        lock (_gate)
        {
            (report, _pending) = (_pending, null);
        }
        if (report is null)
        {
            return;
        }
        try
        {
            await grains.Reference<IFleetStatsGrain>(0).ReportAsync(report);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            LogNotSent(logger, report.Changes.Count, exception.Message);
            lock (_gate)
            {
                _pending = _pending is null ? report : FleetReport.Merge(report, _pending, MaxChanges);
            }
        }
    }

    // Runs while the silo is active; stopping sends what is queued while grains can still be called.
    public void Participate(ISiloLifecycle lifecycle) =>
        new PeriodicSiloWork(nameof(FleetReports), SendEvery, time, SendAsync).Participate(lifecycle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fleet statistics did not take a report of {Count} changes now ({Reason}); it goes again with the next")]
    private static partial void LogNotSent(ILogger logger, int count, string reason);
}
