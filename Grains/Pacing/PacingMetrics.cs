using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Eals.Grains.Pacing;

/// <summary>
/// Admission metrics of this silo (meter "Eals.Pacing"): admitted, deferred and released counters, and
/// gauges of enrollments in flight, slots reserved and pledges waiting over the site grains active here.
/// </summary>
public sealed class PacingMetrics : IDisposable
{
    public const string MeterName = "Eals.Pacing";

    private readonly Meter _meter;
    private readonly Counter<long> _admitted;
    private readonly Counter<long> _deferred;
    private readonly Counter<long> _released;
    private readonly ConcurrentDictionary<string, Func<SiteFigures>> _sites = new(StringComparer.Ordinal);

    public PacingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _admitted = _meter.CreateCounter<long>("eals.pacing.admitted", "{enrollment}", "Triggers admitted (an enrollment started)");
        _deferred = _meter.CreateCounter<long>("eals.pacing.deferred", "{trigger}", "Triggers told to come back later (5.03 with Max-Age)");
        _released = _meter.CreateCounter<long>("eals.pacing.released", "{enrollment}", "Slots given back, by outcome");
        _meter.CreateObservableGauge("eals.pacing.in_flight", () => Observe(f => f.InFlight), "{enrollment}", "Enrollments holding a slot");
        _meter.CreateObservableGauge("eals.pacing.reserved", () => Observe(f => f.Reserved), "{slot}", "Slots granted to a site, not yet used");
        _meter.CreateObservableGauge("eals.pacing.waiting", () => Observe(f => f.Waiting), "{pledge}", "Pledges waiting for admission");
    }

    public void Track(string site, Func<SiteFigures> figures) => _sites[site] = figures;

    public void Untrack(string site) => _sites.TryRemove(site, out _);

    public void Admitted(string site) => _admitted.Add(1, new KeyValuePair<string, object?>("site", site));

    public void Deferred(string site) => _deferred.Add(1, new KeyValuePair<string, object?>("site", site));

    public void Released(string site, string outcome, int count = 1) =>
        _released.Add(count, new KeyValuePair<string, object?>("site", site), new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<int>> Observe(Func<SiteFigures, int> pick)
    {
        foreach (var (site, figures) in _sites)
        {
            yield return new Measurement<int>(pick(figures()), new KeyValuePair<string, object?>("site", site));
        }
    }

    public void Dispose() => _meter.Dispose();
}
