namespace Eals.Grains.Pacing;

/// <summary>A site's figures at a moment, as the metrics read them.</summary>
public readonly record struct SiteFigures(int InFlight, int Reserved, int Waiting);
