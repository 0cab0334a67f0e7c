namespace Eals.Grains.Pacing;

/// <summary>The admission settings in force, changeable at run time; <see cref="Revision"/> grows with each change.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pacing-settings")]
public sealed record PacingSettings(
    [property: Id(0)] int MaxInFlight,
    [property: Id(1)] int DefaultSiteCap,
    [property: Id(2)] IReadOnlyDictionary<string, int> SiteCaps,
    [property: Id(3)] double AdmissionRate,
    [property: Id(4)] double AdmissionBurst,
    [property: Id(5)] long Revision)
{
    public int CapFor(string site) => SiteCaps.TryGetValue(site, out int cap) ? cap : DefaultSiteCap;

    /// <summary>Applies an update; returns the new settings or why the update is refused (nothing changes then).</summary>
    public (PacingSettings? Settings, string? Problem) With(PacingSettingsUpdate update)
    {
        int maxInFlight = update.MaxInFlight ?? MaxInFlight;
        int defaultSiteCap = update.DefaultSiteCap ?? DefaultSiteCap;
        double rate = update.AdmissionRate ?? AdmissionRate;
        double burst = update.AdmissionBurst ?? AdmissionBurst;
        if (maxInFlight < 1)
        {
            return (null, "maxInFlight must be at least 1");
        }
        if (defaultSiteCap < 1)
        {
            return (null, "defaultSiteCap must be at least 1");
        }
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            return (null, "admissionRate must be a positive number of admissions per second");
        }
        if (!(burst >= 1) || double.IsInfinity(burst))
        {
            return (null, "admissionBurst must be at least 1");
        }
        var siteCaps = new Dictionary<string, int>(SiteCaps, StringComparer.Ordinal);
        foreach (var (site, cap) in update.SiteCaps ?? new Dictionary<string, int?>())
        {
            if (string.IsNullOrWhiteSpace(site))
            {
                return (null, "a site cap needs a site name");
            }
            if (cap is null)
            {
                siteCaps.Remove(site);
            }
            else if (cap < 1)
            {
                return (null, $"the cap of site '{site}' must be at least 1 (null removes it)");
            }
            else
            {
                siteCaps[site] = cap.Value;
            }
        }
        return (new PacingSettings(maxInFlight, defaultSiteCap, siteCaps, rate, burst, Revision + 1), null);
    }
}
