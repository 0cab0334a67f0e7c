using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// The figures of the million-pledge run at one checkpoint, as a markdown table row: pledges registered (by this run's fleets, and
/// as the pledge directory counts them Enrolled), enrollments/s of the last batch and over this run, the silo's RSS, the database
/// (grains.db and its WAL), the silo's CPU per enrollment over the last batch, and the last batch's enrollment times (the fleet's clocks).
/// </summary>
public sealed record MillionCheckpoint(long Registered, long DirectoryEnrolled, double BatchRate, double OverallRate, long RssBytes, long DatabaseBytes,
    double SiloCpuMsPerEnrollment, double? P50Milliseconds, double? P99Milliseconds, TimeSpan Elapsed)
{
    public const string TableHeader =
        "| registered | directory: Enrolled | enrollments/s, last batch | enrollments/s, overall | silo RSS | database | silo CPU ms/enrollment, last batch | enrollment p50 / p99, last batch | elapsed |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Registered:N0} | {DirectoryEnrolled:N0} | {BatchRate:F1} | {OverallRate:F1} | {Mib(RssBytes)} | {Mib(DatabaseBytes)} | {SiloCpuMsPerEnrollment:F2} | {Ms(P50Milliseconds)} / {Ms(P99Milliseconds)} | {Elapsed.TotalMinutes:F1} min |");

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N1} MiB");

    private static string Ms(double? milliseconds) => milliseconds is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms:F0} ms") : "n/a";
}
