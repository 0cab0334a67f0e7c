namespace Eals.Pledge.Enrollment;

/// <summary>Percentiles of measured times by the nearest-rank method (no interpolation: every figure is one that was measured).</summary>
public static class Percentile
{
    /// <summary>The value at <paramref name="fraction"/> (0.5 for p50, 1 for the maximum) of <paramref name="sorted"/>, ascending; 0 when empty.</summary>
    public static double Of(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        return sorted.Count == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }
}
