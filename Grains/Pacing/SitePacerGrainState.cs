namespace Eals.Grains.Pacing;

/// <summary>
/// What a site persists: how many of its leases (admitted enrollments still counted in flight) run out in
/// each second, so a silo that dies does not lose track of slots: the next activation expires the overdue
/// ones. Counts per deadline second rather than one record per lease keep every write as small as the
/// lease time in seconds, however many enrollments are in flight (one record per lease made each admission
/// rewrite all of them: 100,000 in flight meant megabytes per admission).
/// The waiting queue is not stored: a waiting pledge that finds it gone queues again.
/// </summary>
[GenerateSerializer]
[Alias("eals.site-pacer-state")]
public sealed class SitePacerGrainState
{
    /// <summary>One record per lease, as the release before this one stored them; read once and counted into <see cref="Deadlines"/>.</summary>
    [Id(0)] public Dictionary<string, SlotLeaseRecord> Leases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Leases in flight by the Unix second their lease runs out.</summary>
    [Id(1)] public Dictionary<long, int> Deadlines { get; set; } = [];
}

[GenerateSerializer, Immutable]
[Alias("eals.slot-lease-record")]
public sealed record SlotLeaseRecord(
    [property: Id(0)] string Pledge,
    [property: Id(1)] DateTimeOffset AdmittedAt,
    [property: Id(2)] DateTimeOffset Deadline);
