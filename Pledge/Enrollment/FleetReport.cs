namespace Eals.Pledge.Enrollment;

/// <summary>The outcome of a fleet run: every pledge's result by serial, the route they took, and the summary line.</summary>
public sealed record FleetReport(EnrollmentRoute Route, IReadOnlyDictionary<string, EnrollmentResult> Results, TimeSpan Elapsed)
{
    public int Enrolled => Results.Values.Count(r => r.Succeeded);

    public int Failed => Results.Count - Enrolled;

    /// <summary><c>enrolled: X, failed: Y</c>, with the reasons of the failures counted, then <c>over ROUTE</c>.</summary>
    public string Summary()
    {
        var reasons = Results.Values.Where(r => !r.Succeeded)
            .GroupBy(r => $"{r.FailedStep}: {r.Reason}")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} x {g.Key}");
        string line = $"enrolled: {Enrolled}, failed: {Failed}";
        // The route goes last, so the line still starts with the counts (and the reasons) as before there were routes.
        return $"{(Failed == 0 ? line : $"{line} ({string.Join("; ", reasons)})")} over {RouteName(Route)}";
    }

    /// <summary>The route as <c>--route</c> names it.</summary>
    public static string RouteName(EnrollmentRoute route) => route.ToString().ToLowerInvariant();
}
