namespace Eals.Grains.Pacing;

/// <summary>A change to the admission settings: absent fields stay; a site cap of null removes that site's own cap.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pacing-settings-update")]
public sealed record PacingSettingsUpdate(
    [property: Id(0)] int? MaxInFlight = null,
    [property: Id(1)] int? DefaultSiteCap = null,
    [property: Id(2)] Dictionary<string, int?>? SiteCaps = null,
    [property: Id(3)] double? AdmissionRate = null,
    [property: Id(4)] double? AdmissionBurst = null);
