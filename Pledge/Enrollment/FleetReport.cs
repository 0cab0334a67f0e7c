namespace Eals.Pledge.Enrollment;

/// <summary>The outcome of a fleet run: every pledge's result by serial, the route they took, and the summary line.</summary>
public sealed record FleetReport(EnrollmentRoute Route, IReadOnlyDictionary<string, EnrollmentResult> Results, TimeSpan Elapsed)
{
    public int Enrolled => Results.Values.Count(r => r.Succeeded);

    /// <summary>CPU time the process spent during the run (all its threads; in a test host that includes the registrar in the same process).</summary>
    public TimeSpan ProcessorTime { get; init; }

    /// <summary>How long each enrolled pledge took, from its start (IDevID minted) to its certificate, waits and retransmissions included.</summary>
    public IReadOnlyList<TimeSpan> EnrollmentTimes { get; init; } = [];

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

    /// <summary><c>fleet CPU: X ms per pledge (Y s over N pledges)</c>: the process's CPU time over the run, per pledge (enrolled or failed).</summary>
    public string ProcessorTimeLine() =>
        FormattableString.Invariant($"fleet CPU: {ProcessorTime.TotalMilliseconds / Math.Max(Results.Count, 1):F2} ms per pledge ({ProcessorTime.TotalSeconds:F2} s over {Results.Count} pledges)");

    /// <summary><c>enrollment time: p50 X ms, p99 Y ms, max Z ms over N enrolled pledges</c> (nearest rank).</summary>
    public string EnrollmentTimeLine()
    {
        var sorted = EnrollmentTimes.Select(t => t.TotalMilliseconds).Order().ToArray();
        return FormattableString.Invariant($"enrollment time: p50 {Percentile.Of(sorted, 0.50):F1} ms, p99 {Percentile.Of(sorted, 0.99):F1} ms, max {Percentile.Of(sorted, 1):F1} ms over {sorted.Length} enrolled pledges");
    }

    /// <summary>The route as <c>--route</c> names it.</summary>
    public static string RouteName(EnrollmentRoute route) => route.ToString().ToLowerInvariant();
}
