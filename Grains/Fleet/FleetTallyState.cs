namespace Eals.Grains.Fleet;

/// <summary>The persisted part of the fleet statistics: completions per Unix minute.</summary>
[GenerateSerializer]
[Alias("eals.fleet-tally-state")]
public sealed class FleetTallyState
{
    // Id 0 held each directory shard's counts per state before the directory kept them in its store.
    [Id(1)] public Dictionary<long, long> CompletedByMinute { get; set; } = [];
}
