using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>
/// What a directory shard tells the fleet statistics: its absolute counts per state (so a lost report is
/// repaired by the next), the enrollments completed since its last report by minute (Unix minutes), and
/// its latest state changes for the live view.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.shard-report")]
public sealed record ShardReport(
    [property: Id(0)] int Shard,
    [property: Id(1)] IReadOnlyDictionary<PledgeStatus, int> Counts,
    [property: Id(2)] IReadOnlyDictionary<long, int> CompletedByMinute,
    [property: Id(3)] IReadOnlyList<PledgeDirectoryEntry> Changes);
