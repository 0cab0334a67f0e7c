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
/// </summary>
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

    private readonly PledgeQueue _queue = new();
    private int _reserved;
    private int _cap;
    private double _rate;
    private double _rateWaitSeconds;
    private double _holdSeconds;
    private bool _dirty = true;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAsk = DateTimeOffset.MinValue;
    private IGrainTimer? _tick;

    private string Site => this.GetPrimaryKeyString();

    private IClusterPacerGrain Pacer => GrainFactory.GetGrain<IClusterPacerGrain>(0);

    private int InFlight => state.State.Leases.Count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        _cap = settings.SiteCaps.TryGetValue(Site, out int cap) ? cap : settings.DefaultSiteCap;
        _rate = settings.AdmissionRate;
        _holdSeconds = settings.InitialHoldEstimate.TotalSeconds;
        metrics.Track(Site, Figures);
        EnsureTicking();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Untrack(Site);
        return Task.CompletedTask;
    }

    public async Task<AdmissionDecision> AdmitAsync(string pledge)
    {
        var now = time.GetUtcNow();
        var (admissible, ahead) = _queue.Enqueue(pledge, now, _reserved);
        if (!admissible && now - _lastAsk >= AskNoMoreOftenThan && Wanted() > 0)
        {
            await ReportAsync(now);
            (admissible, ahead) = _queue.Enqueue(pledge, now, _reserved);
        }
        EnsureTicking();
        if (admissible)
        {
            _queue.Leave(pledge);
            _reserved--;
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            state.State.Leases[id] = new SlotLeaseRecord(pledge, now, now + options.CurrentValue.SlotLease);
            await state.WriteStateAsync();
            _dirty = true;
            metrics.Admitted(Site);
            return AdmissionDecision.Admit(new PacingLease(Site, id));
        }
        uint wait = ExpectedWait(ahead);
        _queue.KeepUntil(pledge, now + TimeSpan.FromSeconds(wait) + options.CurrentValue.QueueGrace);
        metrics.Deferred(Site);
        return AdmissionDecision.Wait(wait, ahead);
    }

    public async Task ReleaseAsync(string leaseId, string outcome)
    {
        if (!state.State.Leases.Remove(leaseId, out var lease))
        {
            return;
        }
        await state.WriteStateAsync();
        var held = time.GetUtcNow() - lease.AdmittedAt;
        // Exponentially weighted: the expected wait follows how long enrollments take now.
        _holdSeconds = 0.9 * _holdSeconds + 0.1 * Math.Max(0.05, held.TotalSeconds);
        _dirty = true;
        metrics.Released(Site, outcome);
        EnsureTicking();
    }

    public Task PokeAsync()
    {
        _dirty = true;
        EnsureTicking();
        return Task.CompletedTask;
    }

    public Task<SitePacingView> GetViewAsync() =>
        Task.FromResult(new SitePacingView(Site, InFlight, _reserved, _queue.Count, _cap, _lastReport));

    private SiteFigures Figures() => new(InFlight, _reserved, _queue.Count);

    // How many more slots the waiting pledges could use now, within the site's cap.
    private int Wanted() => Math.Max(0, Math.Min(_queue.Count - _reserved, _cap - InFlight - _reserved));

    private async Task ReportAsync(DateTimeOffset now)
    {
        _lastAsk = now;
        int wanted = Wanted();
        var grant = await Pacer.ReportAsync(new SiteReport(Site, InFlight, _reserved, _queue.Count, wanted));
        _reserved += grant.Granted;
        _cap = grant.SiteCap;
        _rate = grant.AdmissionRate;
        _rateWaitSeconds = grant.RateWaitSeconds;
        _lastReport = time.GetUtcNow();
        _dirty = false;
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
        var overdue = state.State.Leases.Where(l => l.Value.Deadline < now).Select(l => l.Key).ToList();
        foreach (string id in overdue)
        {
            state.State.Leases.Remove(id);
            metrics.Released(Site, "lease expired");
            LogLeaseExpired(logger, Site, id);
        }
        if (overdue.Count > 0)
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = true;
        }
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
        if (InFlight == 0 && _reserved == 0 && _queue.Count == 0 && !_dirty)
        {
            _tick?.Dispose();
            _tick = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pacing site {Site}: lease {LeaseId} ran out; its slot is free again")]
    private static partial void LogLeaseExpired(ILogger logger, string site, string leaseId);
}
