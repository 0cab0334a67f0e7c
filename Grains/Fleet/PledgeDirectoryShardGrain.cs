using Eals.Grains.Pledges;
using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Keeps its pledges and their certificates (written before each update is acknowledged) and its counts
/// per state; reports to the fleet statistics (through this silo's <see cref="FleetReports"/>) at most once per <see cref="ReportEvery"/> when something
/// changed, and repeats its counts every <see cref="RepeatEvery"/> so a statistics grain that lost its
/// latest figures is repaired. Completions not yet reported are kept until a report succeeds.
/// </summary>
public sealed class PledgeDirectoryShardGrain(
    [PersistentState("pledge-directory")] IPersistentState<PledgeDirectoryShardState> state,
    FleetReports reports,
    TimeProvider time) : Grain, IPledgeDirectoryShardGrain
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(1);

    /// <summary>State changes carried per report at most (the live view needs the latest, not every one under load).</summary>
    private const int MaxChangesPerReport = 64;

    private readonly Dictionary<PledgeStatus, int> _counts = [];
    private readonly Dictionary<long, int> _unreportedCompletions = [];
    private readonly List<PledgeDirectoryEntry> _unreportedChanges = [];
    private IGrainTimer? _tick;
    private bool _dirty;
    private DateTimeOffset _lastReport;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Pledges.Values)
        {
            _counts[entry.Status] = _counts.GetValueOrDefault(entry.Status) + 1;
        }
        if (state.State.Pledges.Count > 0)
        {
            _dirty = true;
            EnsureTicking();
        }
        return Task.CompletedTask;
    }

    public async Task UpdateManyAsync(PledgeDirectoryEntry[] entries, IssuedCertificateEntry[] issued)
    {
        var previous = new PledgeDirectoryEntry?[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            previous[i] = state.State.Pledges.GetValueOrDefault(entries[i].Serial);
            state.State.Pledges[entries[i].Serial] = entries[i];
        }
        var fresh = issued.Where(c => !state.State.Certificates.Exists(known => known.SerialHex == c.SerialHex)).ToList();
        state.State.Certificates.AddRange(fresh);
        await state.WriteStateAsync();

        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (previous[i] is { } before)
            {
                _counts[before.Status]--;
            }
            _counts[entry.Status] = _counts.GetValueOrDefault(entry.Status) + 1;
            bool completed = issued.Any(c => c.PledgeSerial == entry.Serial);
            if (previous[i]?.Status != entry.Status || completed)
            {
                // Only the latest changes are reported: keep no more, however long the statistics grain is away.
                if (_unreportedChanges.Count == MaxChangesPerReport)
                {
                    _unreportedChanges.RemoveAt(0);
                }
                _unreportedChanges.Add(entry);
            }
        }
        foreach (var certificate in fresh)
        {
            long minute = FleetTally.UnixMinute(certificate.IssuedAt);
            _unreportedCompletions[minute] = _unreportedCompletions.GetValueOrDefault(minute) + 1;
        }
        _dirty = true;
        EnsureTicking();
    }

    public Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int limit)
    {
        var matches = state.State.Pledges.Values.Where(query.Matches).ToList();
        return Task.FromResult(new DirectoryPage<PledgeDirectoryEntry>(matches.Count,
            [.. matches.OrderBy(e => e.Serial, StringComparer.Ordinal).Take(limit)]));
    }

    public Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int limit) =>
        Task.FromResult(new DirectoryPage<IssuedCertificateEntry>(state.State.Certificates.Count,
            [.. state.State.Certificates.OrderBy(c => c, PledgeDirectory.NewestCertificateFirst).Take(limit)]));

    private void EnsureTicking() =>
        _tick ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(ReportEvery, ReportEvery));

    private Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_dirty && now - _lastReport < RepeatEvery)
        {
            return Task.CompletedTask;
        }
        // The silo's reports go out together (FleetReports), which keeps what the statistics grain did not take.
        reports.Submit(new ShardReport(Shard, _counts.Where(c => c.Value > 0).ToDictionary(), _unreportedCompletions.ToDictionary(), [.. _unreportedChanges]));
        _unreportedCompletions.Clear();
        _unreportedChanges.Clear();
        _dirty = false;
        _lastReport = now;
        return Task.CompletedTask;
    }
}
