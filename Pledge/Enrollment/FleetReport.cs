namespace Eals.Pledge.Enrollment;

/// <summary>The outcome of a fleet run: every pledge's result by serial, and the summary line.</summary>
public sealed record FleetReport(IReadOnlyDictionary<string, EnrollmentResult> Results, TimeSpan Elapsed)
{
    public int Enrolled => Results.Values.Count(r => r.Succeeded);

    public int Failed => Results.Count - Enrolled;

    /// <summary><c>enrolled: X, failed: Y</c>, with the reasons of the failures counted.</summary>
    public string Summary()
    {
        var reasons = Results.Values.Where(r => !r.Succeeded)
            .GroupBy(r => $"{r.FailedStep}: {r.Reason}")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} x {g.Key}");
        string line = $"enrolled: {Enrolled}, failed: {Failed}";
        return Failed == 0 ? line : $"{line} ({string.Join("; ", reasons)})";
    }
}
