using System.Diagnostics.Metrics;
using Eals.Silo.Storage;
using Eals.Sqlite;

namespace Eals.Silo.Tests.Storage;

/// <summary>
/// Reads the "Eals.Storage" counters for one store and one state name only, so tests running in parallel on
/// other stores do not disturb the figures.
/// </summary>
public sealed class StorageCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _store;
    private readonly string _stateName;
    private long _commits;
    private long _writes;

    public StorageCounters(string store, string stateName)
    {
        _store = store;
        _stateName = stateName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public long Commits => Interlocked.Read(ref _commits);

    public long Writes => Interlocked.Read(ref _writes);

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (instrument.Name == "eals.storage.commits" && tag.Key == "eals.store" && Equals(tag.Value, _store))
            {
                Interlocked.Add(ref _commits, value);
            }
            else if (instrument.Name == "eals.storage.writes" && tag.Key == "eals.state" && Equals(tag.Value, _stateName))
            {
                Interlocked.Add(ref _writes, value);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
