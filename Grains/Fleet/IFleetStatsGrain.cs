namespace Eals.Grains.Fleet;

/// <summary>
/// The fleet statistics (key 0): completions per minute and the recent state changes. Only the silos' directory
/// writes report to it, gathered per silo into one call a second (<see cref="FleetReports"/>), so its load is
/// bounded by the number of silos, not by the fleet's size or enrollment rate.
/// </summary>
[Alias("eals.fleet-stats")]
public interface IFleetStatsGrain : IGrainWithIntegerKey
{
    /// <summary>A silo's directory reports gathered over a second (<see cref="FleetReports"/>).</summary>
    [Alias("report")]
    Task ReportAsync(FleetReport report);

    /// <summary>The completed enrollments of each of the last <paramref name="minutes"/> minutes, oldest first.</summary>
    [Alias("completed-per-minute")]
    Task<IReadOnlyList<MinuteCount>> GetCompletedPerMinuteAsync(int minutes);

    [Alias("changes")]
    Task<FleetChanges> GetChangesSinceAsync(long sequence);
}
