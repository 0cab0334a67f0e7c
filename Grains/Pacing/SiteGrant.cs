namespace Eals.Grains.Pacing;

/// <summary>
/// The cluster pacer's answer to a report: slots granted now (to be used only for admissions), the
/// site's cap and the admission rate in force, and seconds until the rate allows another admission.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.site-grant")]
public sealed record SiteGrant(
    [property: Id(0)] int Granted,
    [property: Id(1)] int SiteCap,
    [property: Id(2)] double AdmissionRate,
    [property: Id(3)] double RateWaitSeconds,
    [property: Id(4)] long Revision);
