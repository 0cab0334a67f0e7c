namespace Eals.Grains.Pacing;

[GenerateSerializer, Immutable]
[Alias("eals.pacing-update-result")]
public sealed record PacingUpdateResult([property: Id(0)] PacingSettings Settings, [property: Id(1)] string? Problem);
