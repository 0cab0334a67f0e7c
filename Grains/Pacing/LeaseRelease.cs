namespace Eals.Grains.Pacing;

/// <summary>One lease given back to its site, with how its enrollment ended.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.lease-release")]
public sealed record LeaseRelease([property: Id(0)] string LeaseId, [property: Id(1)] string Outcome);
