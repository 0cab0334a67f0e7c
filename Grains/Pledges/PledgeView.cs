namespace Eals.Grains.Pledges;

/// <summary>A pledge as the dashboard and tests see it.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-view")]
public sealed record PledgeView(
    [property: Id(0)] string Serial,
    [property: Id(1)] PledgeStatus Status,
    [property: Id(2)] PledgeIdentity? Identity,
    [property: Id(3)] IssuedCertificateSummary? Certificate,
    [property: Id(4)] IReadOnlyList<string> SupersededSerials,
    [property: Id(5)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(6)] string? TraceParent = null);
