using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Eals.Grains.Pacing;

/// <summary>
/// Holds the cluster-wide cap and rate. Sites report absolute figures (in flight plus granted) and ask
/// for slots in batches; the sum of what all sites hold never exceeds the cap. A site refused for lack of
/// room is remembered in arrival order and served first when room frees, so no site starves. After a
/// restart (its silo died) the figures are gone: every known site is asked again, and until it answers
/// it is counted as holding its whole cap, so the cluster cap holds through the failure.
/// </summary>
public sealed class ClusterPacerGrain(
    [PersistentState("pacer")] IPersistentState<ClusterPacerGrainState> state,
    IOptions<PacingOptions> options,
    TimeProvider time) : Grain, IClusterPacerGrain
{
    /// <summary>A site that stops reporting is asked again after this.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    /// <summary>A refused site keeps its turn this long without asking again.</summary>
    private static readonly TimeSpan TurnKeptFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, SiteFigures> _sites = new(StringComparer.Ordinal);
    private readonly List<Turn> _turns = [];
    private TokenBucket _rate = null!;

    private PacingSettings Settings => state.State.Settings!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (state.State.Settings is null)
        {
            state.State.Settings = options.Value.ToSettings();
            await state.WriteStateAsync(cancellationToken);
        }
        _rate = new TokenBucket(Settings.AdmissionRate, Settings.AdmissionBurst, now);
        PokeUnreported();
        this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { KeepAlive = true });
    }

    public async Task<SiteGrant> ReportAsync(SiteReport report)
    {
        var now = time.GetUtcNow();
        if (!_sites.ContainsKey(report.Site) && !state.State.Sites.Contains(report.Site))
        {
            state.State.Sites.Add(report.Site);
            await state.WriteStateAsync();
        }
        _sites[report.Site] = new SiteFigures(report.InFlight, report.Reserved, report.Waiting, now);
        int cap = Settings.CapFor(report.Site);
        int granted = Grant(report, cap, now);
        if (granted > 0)
        {
            _sites[report.Site] = _sites[report.Site] with { Reserved = report.Reserved + granted };
        }
        return new SiteGrant(granted, cap, Settings.AdmissionRate, _rate.SecondsUntil(1, now), Settings.Revision);
    }

    public Task<PacingSettings> GetSettingsAsync() => Task.FromResult(Settings);

    public async Task<PacingUpdateResult> UpdateSettingsAsync(PacingSettingsUpdate update)
    {
        var (updated, problem) = Settings.With(update);
        if (updated is null)
        {
            return new PacingUpdateResult(Settings, problem);
        }
        state.State.Settings = updated;
        await state.WriteStateAsync();
        _rate.Reconfigure(updated.AdmissionRate, updated.AdmissionBurst, time.GetUtcNow());
        return new PacingUpdateResult(updated, null);
    }

    public Task<ClusterPacingView> GetViewAsync() => Task.FromResult(new ClusterPacingView(Settings,
        [.. _sites.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SitePacingView(s.Key, s.Value.InFlight, s.Value.Reserved, s.Value.Waiting, Settings.CapFor(s.Key), s.Value.ReportedAt))]));

    private int Grant(SiteReport report, int cap, DateTimeOffset now)
    {
        int want = Math.Min(report.Wanted, cap - report.InFlight - report.Reserved);
        if (want <= 0)
        {
            _turns.RemoveAll(t => t.Site == report.Site);
            return 0;
        }
        // A known site that has not reported since this activation may hold up to its cap.
        int unreported = state.State.Sites.Where(site => !_sites.ContainsKey(site)).Sum(Settings.CapFor);
        int free = Settings.MaxInFlight - unreported - _sites.Values.Sum(s => s.InFlight + s.Reserved);
        // Room promised to sites refused earlier (their turn), except this site's own.
        int promised = 0;
        foreach (var turn in _turns)
        {
            if (turn.Site == report.Site)
            {
                break;
            }
            promised += turn.Wanted;
        }
        int granted = _rate.Take(Math.Max(0, Math.Min(want, free - promised)), now);
        int index = _turns.FindIndex(t => t.Site == report.Site);
        if (granted < want)
        {
            var turn = new Turn(report.Site, want - granted, now + TurnKeptFor);
            if (index >= 0)
            {
                _turns[index] = turn;
            }
            else
            {
                _turns.Add(turn);
            }
        }
        else if (index >= 0)
        {
            _turns.RemoveAt(index);
        }
        return granted;
    }

    private Task Tick(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _turns.RemoveAll(t => t.Until < now);
        PokeUnreported();
        foreach (var (site, figures) in _sites)
        {
            // A site that holds slots but has gone quiet (its silo died) is woken, which reloads its leases.
            if (figures.InFlight + figures.Reserved > 0 && now - figures.ReportedAt > StaleAfter)
            {
                _ = GrainFactory.Reference<ISitePacerGrain>(site).PokeAsync();
            }
        }
        return Task.CompletedTask;
    }

    // The figures died with a previous activation: every known site that has not reported is woken, which
    // makes it report (reloading its leases on whatever silo it now lives).
    private void PokeUnreported()
    {
        foreach (string site in state.State.Sites.Where(site => !_sites.ContainsKey(site)))
        {
            _ = GrainFactory.Reference<ISitePacerGrain>(site).PokeAsync();
        }
    }

    private readonly record struct SiteFigures(int InFlight, int Reserved, int Waiting, DateTimeOffset ReportedAt);

    private readonly record struct Turn(string Site, int Wanted, DateTimeOffset Until);
}
