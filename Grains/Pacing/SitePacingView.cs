namespace Eals.Grains.Pacing;

/// <summary>One site's pacing figures: in flight, granted but unused, waiting, its cap, when it last reported, and how many of
/// those in flight are handshakes not authenticated yet (known to the site itself; the cluster pacer's view leaves it 0).</summary>
[GenerateSerializer, Immutable]
[Alias("eals.site-pacing-view")]
public sealed record SitePacingView(
    [property: Id(0)] string Site,
    [property: Id(1)] int InFlight,
    [property: Id(2)] int Reserved,
    [property: Id(3)] int Waiting,
    [property: Id(4)] int Cap,
    [property: Id(5)] DateTimeOffset ReportedAt,
    [property: Id(6)] int Handshakes = 0);
