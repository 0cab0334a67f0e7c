using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Eals.Grains.Pacing;

/// <summary>
/// Decides the triggers of one site. A pledge is admitted when it is among the first waiting pledges for
/// which the site holds granted slots, so the queue drains in arrival order; otherwise it is told the
/// expected wait. Slots come from the cluster pacer in batches and go back as enrollments end, or when
/// their lease runs out, so none leak.
/// The lease book is written behind, on the tick (at most every <see cref="TickPeriod"/>), not before each
/// answer: an admission is no promise to a peer that must survive a crash. The slot it grants is held by a
/// handshake that itself lives in memory until the pledge is authenticated, and releases come in batches
/// (<see cref="LeaseReleases"/>). A crash loses at most the last tick's changes: admissions lost with it
/// belonged mostly to handshakes lost too (the site may run that many over its cap for one lease's time),
/// and a lost release ends when its lease runs out, so no slot leaks. Reentrant: an admission may wait for
/// the cluster pacer's next grant while others are decided; every decision is made between awaits, so
/// interleaving never lets two calls take the same slot.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class SitePacerGrain(
    [PersistentState("site-pacer")] IPersistentState<SitePacerGrainState> state,
    IOptionsMonitor<PacingOptions> options,
    PacingMetrics metrics,
    TimeProvider time,
    ILogger<SitePacerGrain> logger) : Grain, ISitePacerGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AskNoMoreOftenThan = TimeSpan.FromMilliseconds(50);
    private const int ReportsAwaited = 3;

    private readonly PledgeQueue _queue = new();
    private readonly HandshakeBook _handshakes = new();
    private int _reserved;
    private int _cap;
    private double _rate;
    private double _rateWaitSeconds;
    private double _holdSeconds;
    private bool _dirty = true;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAsk = DateTimeOffset.MinValue;
    private IGrainTimer? _tick;
    private LeaseBook _leases = new(new SitePacerGrainState());
    private bool _unwritten;
    private Task? _writing;
    private Task? _report;
    private bool _clusterShort;

    private string Site => this.GetPrimaryKeyString();

    private IClusterPacerGrain Pacer => GrainFactory.Reference<IClusterPacerGrain>(0);

    private int InFlight => _leases.InFlight;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _leases = new LeaseBook(state.State);
        var settings = options.CurrentValue;
        _cap = settings.SiteCaps.TryGetValue(Site, out int cap) ? cap : settings.DefaultSiteCap;
        _rate = settings.AdmissionRate;
        _holdSeconds = settings.InitialHoldEstimate.TotalSeconds;
        metrics.Track(Site, Figures);
        EnsureTicking();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Untrack(Site);
        await WriteBehindAsync();
    }

    public Task<AdmissionDecision> AdmitAsync(string pledge) => AdmitAsync(pledge, null);

    public Task<AdmissionDecision> AdmitHandshakeAsync(string pledge, string source) => AdmitAsync(pledge, source);

    // A source at its cap gets no place, no slot, nothing kept: it comes back when one of its handshakes has ended.
    // Asked before every (re-)entry into the queue, because a pledge whose earlier trigger was admitted while this
    // one waited is no longer queued, and would otherwise queue again past the cap.
    private bool SourceFull(string pledge, string? source) =>
        source is not null && !_queue.Holds(pledge) && _handshakes.From(source) + _queue.From(source) >= options.CurrentValue.SourceCap;

    private AdmissionDecision SourceFullDecision()
    {
        metrics.Deferred(Site);
        return AdmissionDecision.SourceFull((uint)Math.Max(1, Math.Ceiling(options.CurrentValue.HandshakeLease.TotalSeconds / 4)));
    }

    // A handshake's admission (with its source) is counted as one in the same turn it takes its slot, so calls
    // interleaving at the awaits below never see the source below its cap while it is not.
    private async Task<AdmissionDecision> AdmitAsync(string pledge, string? source)
    {
        if (SourceFull(pledge, source))
        {
            return SourceFullDecision();
        }
        var now = time.GetUtcNow();
        var (admissible, ahead) = _queue.Enqueue(pledge, now, _reserved, source);
        // Room under the site's cap and the cluster granted all the site asked for last time, but no granted slot
        // at hand: wait for the next report (at most AskNoMoreOftenThan away; waiting pledges share it; a pledge
        // that arrived while one was on its way waits for the one after) rather than send the pledge off for a
        // second or more. A full site, or a cluster short of slots, answers at once, so a burst at capacity is
        // decided as fast as ever.
        for (int round = 0; round < ReportsAwaited && !admissible && Wanted() > 0 && !_clusterShort; round++)
        {
            await ReportAsync(now);
            now = time.GetUtcNow();
            if (SourceFull(pledge, source))
            {
                return SourceFullDecision();
            }
            (admissible, ahead) = _queue.Enqueue(pledge, now, _reserved, source);
        }
        if (!admissible && Wanted() > 0 && now - _lastAsk >= AskNoMoreOftenThan)
        {
            await ReportAsync(now);
            now = time.GetUtcNow();
            if (SourceFull(pledge, source))
            {
                return SourceFullDecision();
            }
            (admissible, ahead) = _queue.Enqueue(pledge, now, _reserved, source);
        }
        EnsureTicking();
        if (admissible)
        {
            _queue.Leave(pledge);
            _reserved--;
            // A handshake's lease is stored under its short deadline: a crash leaves a dead session's slot held for seconds.
            DateTimeOffset? handshakeUntil = source is null ? null : now + options.CurrentValue.HandshakeLease;
            string id = _leases.Add(pledge, now, now + options.CurrentValue.SlotLease, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), handshakeUntil);
            if (source is not null)
            {
                _handshakes.Add(id, source, handshakeUntil!.Value);
            }
            _dirty = true;
            _unwritten = true;
            metrics.Admitted(Site);
            return AdmissionDecision.Admit(new PacingLease(Site, id));
        }
        uint wait = ExpectedWait(ahead);
        _queue.KeepUntil(pledge, now + TimeSpan.FromSeconds(wait) + options.CurrentValue.QueueGrace);
        metrics.Deferred(Site);
        return AdmissionDecision.Wait(wait, ahead);
    }

    public Task ReleaseAsync(string leaseId, string outcome)
    {
        Release(leaseId, outcome);
        return Task.CompletedTask;
    }

    public Task ReleaseManyAsync(LeaseRelease[] releases)
    {
        foreach (var release in releases)
        {
            if (release.HandshakeDone)
            {
                _handshakes.End(release.LeaseId);
                if (_leases.TryConfirm(release.LeaseId))
                {
                    _dirty = true;
                    _unwritten = true;
                }
            }
            else
            {
                Release(release.LeaseId, release.Outcome);
            }
        }
        return Task.CompletedTask;
    }

    private void Release(string leaseId, string outcome)
    {
        _handshakes.End(leaseId);
        if (!_leases.TryRelease(leaseId, out var admittedAt))
        {
            return;
        }
        if (admittedAt is { } since)
        {
            // Exponentially weighted: the expected wait follows how long enrollments take now.
            _holdSeconds = 0.9 * _holdSeconds + 0.1 * Math.Max(0.05, (time.GetUtcNow() - since).TotalSeconds);
        }
        _dirty = true;
        _unwritten = true;
        metrics.Released(Site, outcome);
        EnsureTicking();
    }

    // The changes since the last write, written now (a snapshot: changes made during the write go into the next);
    // a write that fails leaves them for the next tick. One write at a time: the tick's, or deactivation's after it.
    private async Task WriteBehindAsync()
    {
        if (_writing is { IsCompleted: false } running)
        {
            await Task.WhenAny(running);
        }
        if (!_unwritten)
        {
            return;
        }
        _unwritten = false;
        try
        {
            state.State = _leases.Snapshot();
            _writing = state.WriteStateAsync();
            await _writing;
        }
        catch
        {
            _unwritten = true;
            throw;
        }
    }

    public Task PokeAsync()
    {
        _dirty = true;
        EnsureTicking();
        return Task.CompletedTask;
    }

    public Task<SitePacingView> GetViewAsync() =>
        Task.FromResult(new SitePacingView(Site, InFlight, _reserved, _queue.Count, _cap, _lastReport, _handshakes.Count));

    private SiteFigures Figures() => new(InFlight, _reserved, _queue.Count);

    // How many more slots the waiting pledges could use now, within the site's cap.
    private int Wanted() => Math.Max(0, Math.Min(_queue.Count - _reserved, _cap - InFlight - _reserved));

    // The next report to the cluster pacer, shared by its callers: the one under way, or one sent once
    // AskNoMoreOftenThan has passed since the last. One at a time: a second one, sent before the first one's
    // grant is counted in _reserved, would tell the cluster pacer stale figures and could be granted the
    // same slots again.
    private Task ReportAsync(DateTimeOffset now)
    {
        if (_report is { IsCompleted: false })
        {
            return _report;
        }
        _report = SendReportAsync(AskNoMoreOftenThan - (now - _lastAsk));
        return _report;
    }

    private async Task SendReportAsync(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }
        _lastAsk = time.GetUtcNow();
        _dirty = false;
        int wanted = Wanted();
        try
        {
            var grant = await Pacer.ReportAsync(new SiteReport(Site, InFlight, _reserved, _queue.Count, wanted));
            _reserved += grant.Granted;
            _clusterShort = grant.Granted < wanted;
            _cap = grant.SiteCap;
            _rate = grant.AdmissionRate;
            _rateWaitSeconds = grant.RateWaitSeconds;
            _lastReport = time.GetUtcNow();
        }
        catch
        {
            _dirty = true; // not reported: the next tick tries again
            throw;
        }
    }

    // Max-Age for a pledge with `ahead` pledges before it: the rounds of slot turnover it must wait, or the
    // admission rate, whichever is slower; at least 1 s (Max-Age is in seconds), at most the configured bound.
    private uint ExpectedWait(long ahead)
    {
        double parallel = Math.Max(1, _cap);
        double rounds = Math.Floor(Math.Max(0, ahead - _reserved) / parallel) + 1;
        double byTurnover = rounds * _holdSeconds;
        double byRate = _rate > 0 ? (ahead + 1) / _rate : 0;
        double seconds = Math.Max(Math.Max(byTurnover, byRate), _rateWaitSeconds);
        return (uint)Math.Clamp(Math.Ceiling(seconds), 1, Math.Max(1, options.CurrentValue.MaxRetryAfter.TotalSeconds));
    }

    private void EnsureTicking()
    {
        _tick ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true });
    }

    // Expires overdue leases and vanished queue places, hands back slots nobody waits for, and keeps the
    // cluster pacer's figures fresh. Stops when the site has nothing in flight, reserved or waiting.
    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Handshakes that did not authenticate their pledge in time give their slots back (their sessions may
        // still finish; the pledge then enrolls on a slot the site no longer counts, for at most one enrollment).
        foreach (string leaseId in _handshakes.Expire(now))
        {
            Release(leaseId, "handshake timed out");
        }
        int expired = _leases.Expire(now);
        if (expired > 0)
        {
            metrics.Released(Site, "lease expired", expired);
            LogLeasesExpired(logger, Site, expired);
            _dirty = true;
            _unwritten = true;
        }
        await WriteBehindAsync();
        if (_queue.Prune(now) > 0 || _reserved > _queue.Count)
        {
            _dirty = true;
        }
        if (_reserved > _queue.Count)
        {
            _reserved = _queue.Count;
        }
        if (_dirty || Wanted() > 0 && now - _lastAsk >= AskNoMoreOftenThan || now - _lastReport >= ReportEvery && InFlight + _reserved > 0)
        {
            await ReportAsync(now);
        }
        if (InFlight == 0 && _reserved == 0 && _queue.Count == 0 && !_dirty && !_unwritten)
        {
            _tick?.Dispose();
            _tick = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pacing site {Site}: {Count} leases ran out; their slots are free again")]
    private static partial void LogLeasesExpired(ILogger logger, string site, int count);
}
