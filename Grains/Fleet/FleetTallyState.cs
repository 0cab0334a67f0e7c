using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>The persisted part of the fleet statistics: each shard's last counts, completions per Unix minute.</summary>
[GenerateSerializer]
[Alias("eals.fleet-tally-state")]
public sealed class FleetTallyState
{
    [Id(0)] public Dictionary<int, Dictionary<PledgeStatus, int>> ShardCounts { get; set; } = [];
    [Id(1)] public Dictionary<long, long> CompletedByMinute { get; set; } = [];
}
