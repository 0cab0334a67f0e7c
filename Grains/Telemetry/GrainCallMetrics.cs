using System.Diagnostics.Metrics;

namespace Eals.Grains.Telemetry;

/// <summary>
/// Counts grain calls (meter "Eals.Grains"), so a benchmark can print calls per enrollment from the running
/// system: <c>eals.grain.calls</c> by <c>eals.call.source</c> (<c>grain</c> when one grain calls another,
/// <c>client</c> from the gateway, the dashboard or a timer outside any grain) and by the called interface, and <c>eals.grain.calls.remote</c>
/// for calls that arrived from another silo.
/// </summary>
public static class GrainCallMetrics
{
    public const string MeterName = "Eals.Grains";

    public const string SourceTag = "eals.call.source";

    /// <summary>The called grain interface (a few dozen names), so the calls of one enrollment can be told apart.</summary>
    public const string TargetTag = "eals.grain.interface";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("eals.grain.calls", "{call}", "Grain calls made, by source (grain or client)");

    public static readonly Counter<long> Remote = Meter.CreateCounter<long>("eals.grain.calls.remote", "{call}", "Grain calls that arrived from another silo");

    internal static readonly KeyValuePair<string, object?> FromGrain = new(SourceTag, "grain");

    internal static readonly KeyValuePair<string, object?> FromClient = new(SourceTag, "client");
}
