namespace Eals.Grains.Pacing;

/// <summary>The pacing settings and each site's last reported figures, for the operator API and tests.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.cluster-pacing-view")]
public sealed record ClusterPacingView(
    [property: Id(0)] PacingSettings Settings,
    [property: Id(1)] IReadOnlyList<SitePacingView> Sites)
{
    public int InFlight => Sites.Sum(s => s.InFlight);

    public int Reserved => Sites.Sum(s => s.Reserved);

    public int Waiting => Sites.Sum(s => s.Waiting);
}
