using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>
/// The fleet statistics the shards' reports add up to: pledges per state (the sum of each shard's latest
/// absolute counts, so a repeated or lost report never drifts the total), completed enrollments per
/// minute over the last <see cref="SeriesMinutes"/> minutes, and a bounded window of recent state changes
/// numbered in arrival order. Pure: the stats grain holds one and persists <see cref="Snapshot"/>.
/// </summary>
public sealed class FleetTally
{
    public const int SeriesMinutes = 24 * 60;

    public const int MaxRecentChanges = 4096;

    private readonly Dictionary<int, IReadOnlyDictionary<PledgeStatus, int>> _shards;
    private readonly SortedDictionary<long, long> _completed;
    private readonly Queue<(long Sequence, PledgeDirectoryEntry Change)> _recent = new();
    private long _sequence;

    public FleetTally(FleetTallyState? saved = null)
    {
        _shards = saved?.ShardCounts.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<PledgeStatus, int>)s.Value) ?? [];
        _completed = new SortedDictionary<long, long>(saved?.CompletedByMinute ?? []);
    }

    /// <summary>The sequence number of the latest change taken in.</summary>
    public long Sequence => _sequence;

    public void Apply(ShardReport report, DateTimeOffset now)
    {
        _shards[report.Shard] = report.Counts;
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

    /// <summary>Counts per state (every state, zeros included) and the last <paramref name="minutes"/> minutes up to now.</summary>
    public FleetFigures Figures(DateTimeOffset now, int minutes)
    {
        var counts = Enum.GetValues<PledgeStatus>().ToDictionary(s => s, _ => 0L);
        foreach (var shard in _shards.Values)
        {
            foreach (var (status, count) in shard)
            {
                counts[status] = counts.GetValueOrDefault(status) + count;
            }
        }
        long last = UnixMinute(now);
        int span = Math.Clamp(minutes, 1, SeriesMinutes);
        var series = new List<MinuteCount>(span);
        for (long minute = last - span + 1; minute <= last; minute++)
        {
            series.Add(new MinuteCount(DateTimeOffset.FromUnixTimeSeconds(minute * 60), _completed.GetValueOrDefault(minute)));
        }
        return new FleetFigures(counts, series);
    }

    /// <summary>Changes numbered after <paramref name="after"/>; missed when the window no longer reaches back that far.</summary>
    public FleetChanges ChangesSince(long after)
    {
        var changes = _recent.Where(c => c.Sequence > after).Select(c => c.Change).ToList();
        long firstKept = _recent.Count > 0 ? _recent.Peek().Sequence : _sequence + 1;
        bool missed = after < _sequence && after + 1 < firstKept;
        return new FleetChanges(_sequence, missed, changes);
    }

    public FleetTallyState Snapshot() => new()
    {
        ShardCounts = _shards.ToDictionary(s => s.Key, s => s.Value.ToDictionary()),
        CompletedByMinute = new Dictionary<long, long>(_completed),
    };

    public static long UnixMinute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
