namespace Eals.Grains.Fleet;

/// <summary>Enrollments completed in the minute that starts at <see cref="Minute"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.minute-count")]
public sealed record MinuteCount(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] long Completed);
