namespace Eals.Grains.Pacing;

/// <summary>
/// What a site tells the cluster pacer, as absolute figures (so a lost or repeated report heals with the
/// next one): enrollments in flight, slots granted but not yet used, pledges waiting, and how many more
/// slots it would use now.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.site-report")]
public sealed record SiteReport(
    [property: Id(0)] string Site,
    [property: Id(1)] int InFlight,
    [property: Id(2)] int Reserved,
    [property: Id(3)] int Waiting,
    [property: Id(4)] int Wanted);
