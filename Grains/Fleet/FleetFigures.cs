using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>Pledges per state over the whole fleet, and completed enrollments per minute, oldest first.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.fleet-figures")]
public sealed record FleetFigures(
    [property: Id(0)] IReadOnlyDictionary<PledgeStatus, long> Counts,
    [property: Id(1)] IReadOnlyList<MinuteCount> CompletedPerMinute);
