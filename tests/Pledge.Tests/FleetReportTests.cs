using Eals.Pledge.Enrollment;

namespace Eals.Pledge.Tests;

/// <summary>The fleet report's enrollment times: nearest-rank percentiles over the enrolled pledges only, one line.</summary>
public sealed class FleetReportTests
{
    [Fact]
    public void The_time_line_gives_nearest_rank_percentiles_of_the_enrolled_pledges()
    {
        var report = new FleetReport(EnrollmentRoute.Edhoc, new Dictionary<string, EnrollmentResult>(), TimeSpan.FromSeconds(1))
        {
            EnrollmentTimes = [.. Enumerable.Range(1, 200).Reverse().Select(i => TimeSpan.FromMilliseconds(i))],
        };

        Assert.Equal("enrollment time: p50 100.0 ms, p99 198.0 ms, max 200.0 ms over 200 enrolled pledges", report.EnrollmentTimeLine());
    }

    [Fact]
    public void Without_enrolled_pledges_the_time_line_says_so_with_zeros()
    {
        var report = new FleetReport(EnrollmentRoute.Edhoc, new Dictionary<string, EnrollmentResult>(), TimeSpan.FromSeconds(1));

        Assert.Equal("enrollment time: p50 0.0 ms, p99 0.0 ms, max 0.0 ms over 0 enrolled pledges", report.EnrollmentTimeLine());
    }
}
