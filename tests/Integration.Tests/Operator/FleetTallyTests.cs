using Eals.Grains.Fleet;
using Eals.Grains.Pledges;

namespace Eals.Integration.Tests.Operator;

/// <summary>The fleet statistics' arithmetic: absolute shard counts, completions per minute, the change window.</summary>
public sealed class FleetTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 30, 20, TimeSpan.Zero);

    private static ShardReport Report(int shard, int enrolled, int failed, Dictionary<long, int>? completed = null, params string[] changed) =>
        new(shard, new Dictionary<PledgeStatus, int> { [PledgeStatus.Enrolled] = enrolled, [PledgeStatus.Failed] = failed },
            completed ?? [], [.. changed.Select(s => new PledgeDirectoryEntry(s, PledgeStatus.Enrolled, Now))]);

    [Fact]
    public void Counts_are_the_sum_of_each_shards_latest_report_so_repeats_never_drift()
    {
        var tally = new FleetTally();
        tally.Apply(Report(1, 5, 1), Now);
        tally.Apply(Report(2, 3, 0), Now);
        tally.Apply(Report(1, 5, 1), Now);
        tally.Apply(Report(2, 4, 0), Now);

        var counts = tally.Figures(Now, 60).Counts;
        Assert.Equal(9, counts[PledgeStatus.Enrolled]);
        Assert.Equal(1, counts[PledgeStatus.Failed]);
        Assert.Equal(0, counts[PledgeStatus.EdhocInProgress]);
        Assert.Equal(Enum.GetValues<PledgeStatus>().Length, counts.Count);
    }

    [Fact]
    public void Completions_add_up_per_minute_and_the_series_covers_the_asked_minutes_up_to_now()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(1, 2, 0, new() { [minute] = 2, [minute - 3] = 1 }), Now);
        tally.Apply(Report(2, 1, 0, new() { [minute] = 1, [minute - FleetTally.SeriesMinutes] = 7 }), Now);

        var series = tally.Figures(Now, 5).CompletedPerMinute;
        Assert.Equal([0, 1, 0, 0, 3], series.Select(m => m.Completed));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 30, 0, TimeSpan.Zero), series[^1].Minute);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 26, 0, TimeSpan.Zero), series[0].Minute);
        var day = tally.Figures(Now, 100_000).CompletedPerMinute;
        Assert.Equal(FleetTally.SeriesMinutes, day.Count);
        Assert.Equal(4, day.Sum(m => m.Completed));
    }

    [Fact]
    public void Minutes_older_than_a_day_are_dropped_as_time_goes_on()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(1, 1, 0, new() { [minute] = 1 }), Now);
        var later = Now.AddDays(1);
        tally.Apply(Report(1, 1, 0), later);

        Assert.Equal(0, tally.Figures(later, FleetTally.SeriesMinutes).CompletedPerMinute.Sum(m => m.Completed));
        Assert.Empty(tally.Snapshot().CompletedByMinute);
    }

    [Fact]
    public void Changes_are_numbered_and_a_reader_that_fell_out_of_the_window_is_told()
    {
        var tally = new FleetTally();
        tally.Apply(Report(1, 2, 0, null, "A", "B"), Now);
        var first = tally.ChangesSince(0);
        Assert.Equal(2, first.Sequence);
        Assert.False(first.Missed);
        Assert.Equal(["A", "B"], first.Changes.Select(c => c.Serial));
        Assert.Equal(["B"], tally.ChangesSince(1).Changes.Select(c => c.Serial));
        Assert.Empty(tally.ChangesSince(2).Changes);

        for (int i = 0; i < FleetTally.MaxRecentChanges; i++)
        {
            tally.Apply(Report(1, 2, 0, null, $"P{i}"), Now);
        }
        // Changes 3 to 2 + MaxRecentChanges are kept: a reader at 2 misses nothing, one at 1 missed change 2.
        var behind = tally.ChangesSince(1);
        Assert.True(behind.Missed);
        Assert.Equal(FleetTally.MaxRecentChanges, behind.Changes.Count);
        Assert.False(tally.ChangesSince(2).Missed);
    }

    [Fact]
    public void A_snapshot_restores_counts_and_completions()
    {
        long minute = FleetTally.UnixMinute(Now);
        var tally = new FleetTally();
        tally.Apply(Report(7, 4, 2, new() { [minute] = 4 }), Now);

        var restored = new FleetTally(tally.Snapshot());

        Assert.Equal(tally.Figures(Now, 60).Counts, restored.Figures(Now, 60).Counts);
        Assert.Equal(tally.Figures(Now, 60).CompletedPerMinute, restored.Figures(Now, 60).CompletedPerMinute);
    }
}
