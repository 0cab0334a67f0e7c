namespace Eals.Grains.Pacing;

/// <summary>
/// What a site persists: its leases (admitted enrollments still counted in flight) with their deadlines,
/// so a silo that dies does not lose track of slots: the next activation expires the overdue ones.
/// The waiting queue is not stored: a waiting pledge that finds it gone queues again.
/// </summary>
[GenerateSerializer]
[Alias("eals.site-pacer-state")]
public sealed class SitePacerGrainState
{
    [Id(0)] public Dictionary<string, SlotLeaseRecord> Leases { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable]
[Alias("eals.slot-lease-record")]
public sealed record SlotLeaseRecord(
    [property: Id(0)] string Pledge,
    [property: Id(1)] DateTimeOffset AdmittedAt,
    [property: Id(2)] DateTimeOffset Deadline);
