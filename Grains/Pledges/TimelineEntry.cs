namespace Eals.Grains.Pledges;

/// <summary>One step of a pledge's enrollment as the dashboard shows it: when, what, how it ended.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.timeline-entry")]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Step,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string? Detail);
