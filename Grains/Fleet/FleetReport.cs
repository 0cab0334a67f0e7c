namespace Eals.Grains.Fleet;

/// <summary>
/// What the directory's writes of a silo tell the fleet statistics: the enrollments completed (certificates
/// recorded for the first time) by Unix minute, and the latest state changes for the live view. Counts per state
/// are not reported: the directory's store keeps them with its rows (<see cref="IPledgeDirectoryStore.CountAsync"/>).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.fleet-report")]
public sealed record FleetReport(
    [property: Id(0)] IReadOnlyDictionary<long, int> CompletedByMinute,
    [property: Id(1)] IReadOnlyList<PledgeDirectoryEntry> Changes)
{
    public bool IsEmpty => CompletedByMinute.Count == 0 && Changes.Count == 0;

    public static FleetReport Of(DirectoryWriteOutcome outcome) => new(
        outcome.Recorded.GroupBy(c => FleetTally.UnixMinute(c.IssuedAt)).ToDictionary(g => g.Key, g => g.Count()),
        outcome.Changes);

    /// <summary>Both reports in one: completions add up, the latest <paramref name="maxChanges"/> changes are kept.</summary>
    public static FleetReport Merge(FleetReport earlier, FleetReport later, int maxChanges)
    {
        var completed = new Dictionary<long, int>(earlier.CompletedByMinute);
        foreach (var (minute, count) in later.CompletedByMinute)
        {
            completed[minute] = completed.GetValueOrDefault(minute) + count;
        }
        return new FleetReport(completed, [.. earlier.Changes.Concat(later.Changes).TakeLast(maxChanges)]);
    }
}
