using Eals.Grains.Fleet;
using Eals.Grains.Pledges;

namespace Eals.Integration.Tests.Operator;

/// <summary>The fleet statistics' arithmetic: completions per minute, the change window, merged reports.</summary>
public sealed class FleetTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 30, 20, TimeSpan.Zero);

    private static FleetReport Report(Dictionary<long, int>? completed = null, params string[] changed) =>
        new(completed ?? [], [.. changed.Select(s => new PledgeDirectoryEntry(s, PledgeStatus.Enrolled, Now))]);

    [Fact]
    public void Completions_add_up_per_minute_and_the_series_covers_the_asked_minutes_up_to_now()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(new() { [minute] = 2, [minute - 3] = 1 }), Now);
        tally.Apply(Report(new() { [minute] = 1, [minute - FleetTally.SeriesMinutes] = 7 }), Now);

        var series = tally.CompletedPerMinute(Now, 5);
        Assert.Equal([0, 1, 0, 0, 3], series.Select(m => m.Completed));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 30, 0, TimeSpan.Zero), series[^1].Minute);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 26, 0, TimeSpan.Zero), series[0].Minute);
        var day = tally.CompletedPerMinute(Now, 100_000);
        Assert.Equal(FleetTally.SeriesMinutes, day.Count);
        Assert.Equal(4, day.Sum(m => m.Completed));
    }

    [Fact]
    public void Minutes_older_than_a_day_are_dropped_as_time_goes_on()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(new() { [minute] = 1 }), Now);
        var later = Now.AddDays(1);
        tally.Apply(Report(), later);

        Assert.Equal(0, tally.CompletedPerMinute(later, FleetTally.SeriesMinutes).Sum(m => m.Completed));
        Assert.Empty(tally.Snapshot().CompletedByMinute);
    }

    [Fact]
    public void Changes_are_numbered_and_a_reader_that_fell_out_of_the_window_is_told()
    {
        var tally = new FleetTally();
        tally.Apply(Report(null, "A", "B"), Now);
        var first = tally.ChangesSince(0);
        Assert.Equal(2, first.Sequence);
        Assert.False(first.Missed);
        Assert.Equal(["A", "B"], first.Changes.Select(c => c.Serial));
        Assert.Equal(["B"], tally.ChangesSince(1).Changes.Select(c => c.Serial));
        Assert.Empty(tally.ChangesSince(2).Changes);

        for (int i = 0; i < FleetTally.MaxRecentChanges; i++)
        {
            tally.Apply(Report(null, $"P{i}"), Now);
        }
        // Changes 3 to 2 + MaxRecentChanges are kept: a reader at 2 misses nothing, one at 1 missed change 2.
        var behind = tally.ChangesSince(1);
        Assert.True(behind.Missed);
        Assert.Equal(FleetTally.MaxRecentChanges, behind.Changes.Count);
        Assert.False(tally.ChangesSince(2).Missed);
    }

    [Fact]
    public void A_snapshot_restores_the_completions()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(new() { [minute] = 4, [minute - 1] = 2 }), Now);

        var restored = new FleetTally(tally.Snapshot());

        Assert.Equal(tally.CompletedPerMinute(Now, 60), restored.CompletedPerMinute(Now, 60));
    }

    [Fact]
    public void A_report_from_a_directory_write_counts_its_new_certificates_by_minute_and_carries_its_changes()
    {
        var enrolled = new PledgeDirectoryEntry("A", PledgeStatus.Enrolled, Now);
        IssuedCertificateEntry Issued(string serialHex, DateTimeOffset at) => new(serialHex, "A", "CN=A", at, at.AddYears(1), false);
        var report = FleetReport.Of(new DirectoryWriteOutcome([enrolled], [Issued("01", Now), Issued("02", Now), Issued("03", Now.AddMinutes(-2))]));

        long minute = FleetTally.UnixMinute(Now);
        Assert.Equal(new Dictionary<long, int> { [minute] = 2, [minute - 2] = 1 }, report.CompletedByMinute);
        Assert.Equal([enrolled], report.Changes);
    }

    [Fact]
    public void Merged_reports_add_their_completions_and_keep_the_latest_changes()
    {
        long minute = FleetTally.UnixMinute(Now);
        var merged = FleetReport.Merge(Report(new() { [minute] = 1 }, "A", "B"), Report(new() { [minute] = 2, [minute - 1] = 1 }, "C"), maxChanges: 2);

        Assert.Equal(new Dictionary<long, int> { [minute] = 3, [minute - 1] = 1 }, merged.CompletedByMinute);
        Assert.Equal(["B", "C"], merged.Changes.Select(c => c.Serial));
    }
}
