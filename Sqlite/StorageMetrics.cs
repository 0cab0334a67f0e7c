using System.Diagnostics.Metrics;

namespace Eals.Sqlite;

/// <summary>
/// Durable-write counters of the SQLite stores (meter "Eals.Storage"), so a benchmark can print writes and
/// commits per enrollment: grain state writes and clears by state name, and transactions committed by store.
/// Static because the stores are created outside dependency injection (tests, the MASA, benchmarks).
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Eals.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "eals.storage.writes", "{write}", "Grain state writes and clears committed, by state name");

    private static readonly Counter<long> Commits = Meter.CreateCounter<long>(
        "eals.storage.commits", "{transaction}", "SQLite transactions committed, by store");

    public static void Written(string stateName) => Writes.Add(1, new KeyValuePair<string, object?>("eals.state", stateName));

    public static void Committed(string store) => Commits.Add(1, new KeyValuePair<string, object?>("eals.store", store));
}
