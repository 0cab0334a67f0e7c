namespace Eals.Grains.Fleet;

/// <summary>
/// The fleet statistics (key 0). Only the directory shards report to it, each at most about once a
/// second, gathered per silo into one call a second (<see cref="FleetReports"/>), so its load is bounded
/// by the number of silos, not by the fleet's size or enrollment rate.
/// </summary>
[Alias("eals.fleet-stats")]
public interface IFleetStatsGrain : IGrainWithIntegerKey
{
    /// <summary>The reports of a silo's shards gathered over a second (<see cref="FleetReports"/>).</summary>
    [Alias("report-many")]
    Task ReportManyAsync(ShardReport[] reports);

    /// <summary>Counts per state and the completed enrollments of the last <paramref name="minutes"/> minutes.</summary>
    [Alias("figures")]
    Task<FleetFigures> GetFiguresAsync(int minutes);

    [Alias("changes")]
    Task<FleetChanges> GetChangesSinceAsync(long sequence);
}
