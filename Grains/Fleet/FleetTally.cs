namespace Eals.Grains.Fleet;

/// <summary>
/// The fleet statistics the directory's reports add up to: completed enrollments per minute over the last
/// <see cref="SeriesMinutes"/> minutes, and a bounded window of recent state changes numbered in arrival order.
/// Pure: the stats grain holds one and persists <see cref="Snapshot"/>. (Pledges per state are counted by the
/// directory's store, <see cref="IPledgeDirectoryStore.CountAsync"/>.)
/// </summary>
public sealed class FleetTally
{
    public const int SeriesMinutes = 24 * 60;

    public const int MaxRecentChanges = 4096;

    private readonly SortedDictionary<long, long> _completed;
    private readonly Queue<(long Sequence, PledgeDirectoryEntry Change)> _recent = new();
    private long _sequence;

    public FleetTally(FleetTallyState? saved = null)
    {
        _completed = new SortedDictionary<long, long>(saved?.CompletedByMinute ?? []);
    }

    /// <summary>The sequence number of the latest change taken in.</summary>
    public long Sequence => _sequence;

    public void Apply(FleetReport report, DateTimeOffset now)
    {
        long oldest = UnixMinute(now) - SeriesMinutes + 1;
        foreach (var (minute, count) in report.CompletedByMinute)
        {
            if (minute >= oldest && count > 0)
            {
                _completed[minute] = _completed.GetValueOrDefault(minute) + count;
            }
        }
        foreach (long minute in _completed.Keys.TakeWhile(m => m < oldest).ToList())
        {
            _completed.Remove(minute);
        }
        foreach (var change in report.Changes)
        {
            _recent.Enqueue((++_sequence, change));
        }
        while (_recent.Count > MaxRecentChanges)
        {
            _recent.Dequeue();
        }
    }

    /// <summary>Completions in each of the last <paramref name="minutes"/> minutes up to now, oldest first.</summary>
    public IReadOnlyList<MinuteCount> CompletedPerMinute(DateTimeOffset now, int minutes)
    {
        long last = UnixMinute(now);
        int span = Math.Clamp(minutes, 1, SeriesMinutes);
        var series = new List<MinuteCount>(span);
        for (long minute = last - span + 1; minute <= last; minute++)
        {
            series.Add(new MinuteCount(DateTimeOffset.FromUnixTimeSeconds(minute * 60), _completed.GetValueOrDefault(minute)));
        }
        return series;
    }

    /// <summary>Changes numbered after <paramref name="after"/>; missed when the window no longer reaches back that far.</summary>
    public FleetChanges ChangesSince(long after)
    {
        var changes = _recent.Where(c => c.Sequence > after).Select(c => c.Change).ToList();
        long firstKept = _recent.Count > 0 ? _recent.Peek().Sequence : _sequence + 1;
        bool missed = after < _sequence && after + 1 < firstKept;
        return new FleetChanges(_sequence, missed, changes);
    }

    public FleetTallyState Snapshot() => new() { CompletedByMinute = new Dictionary<long, long>(_completed) };

    public static long UnixMinute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
