namespace Eals.Grains.Pacing;

/// <summary>
/// What the cluster pacer persists: the settings in force and the sites it has seen. The sites' figures
/// are not stored: after a restart the pacer asks every known site for them before it grants again.
/// </summary>
[GenerateSerializer]
[Alias("eals.cluster-pacer-state")]
public sealed class ClusterPacerGrainState
{
    [Id(0)] public PacingSettings? Settings { get; set; }
    [Id(1)] public List<string> Sites { get; set; } = [];
}
