namespace Eals.Grains.Fleet;

/// <summary>
/// State changes after a sequence number, oldest first; <see cref="Missed"/> when some were already
/// dropped from the bounded window (the reader should fetch afresh what it shows).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.fleet-changes")]
public sealed record FleetChanges(
    [property: Id(0)] long Sequence,
    [property: Id(1)] bool Missed,
    [property: Id(2)] IReadOnlyList<PledgeDirectoryEntry> Changes);
