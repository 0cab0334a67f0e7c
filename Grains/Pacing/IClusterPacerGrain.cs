namespace Eals.Grains.Pacing;

/// <summary>
/// The cluster-wide cap and admission rate (key 0). It is asked for slots in batches by the sites, never
/// per trigger: triggers are decided by the site grains, spread over the silos.
/// </summary>
[Alias("eals.cluster-pacer")]
public interface IClusterPacerGrain : IGrainWithIntegerKey
{
    /// <summary>A site's figures; grants up to <see cref="SiteReport.Wanted"/> more slots within the caps, rate and fairness.</summary>
    [Alias("report")]
    Task<SiteGrant> ReportAsync(SiteReport report);

    [Alias("settings")]
    Task<PacingSettings> GetSettingsAsync();

    /// <summary>Changes the settings at run time; returns why when the update is refused (nothing changes then).</summary>
    [Alias("update")]
    Task<PacingUpdateResult> UpdateSettingsAsync(PacingSettingsUpdate update);

    /// <summary>Settings and every site's last figures.</summary>
    [Alias("view")]
    Task<ClusterPacingView> GetViewAsync();
}
