using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Eals.Pledge.Enrollment;

namespace Eals.Benchmarks;

/// <summary>
/// Times the operator API's fleet views one request after another (none overlapping, so each is its own time): <c>GET /api/fleet</c>,
/// and <c>GET /api/pledges</c> with random fragments of real serials, with whole serials, with a state filter and with both.
/// Each kind gets one untimed request first, then a fixed number of timed ones.
/// </summary>
public static class ApiLatency
{
    /// <summary>One kind of request: how many were timed, p50, p99 and max in ms, and the median number of pledges it matched.</summary>
    public sealed record Timing(string Request, int Requests, double P50, double P99, double Max, long? MedianMatches);

    public const string TableHeader = "| request | timed | p50 ms | p99 ms | max ms | pledges matched (median) |\n|---|---:|---:|---:|---:|---:|";

    public static string Row(Timing t) => string.Create(CultureInfo.InvariantCulture,
        $"| `{t.Request}` | {t.Requests} | {t.P50:F1} | {t.P99:F1} | {t.Max:F1} | {(t.MedianMatches is { } m ? m.ToString("N0", CultureInfo.InvariantCulture) : "")} |");

    public static async Task<IReadOnlyList<Timing>> MeasureAsync(ServerTopology server, IReadOnlyList<string> serials, int requests, Random random)
    {
        ArgumentNullException.ThrowIfNull(serials);
        ArgumentNullException.ThrowIfNull(random);
        if (serials.Count == 0)
        {
            throw new InvalidOperationException("no serials to search for");
        }
        string Fragment()
        {
            string serial = serials[random.Next(serials.Count)];
            int length = random.Next(4, 11);
            return serial.Substring(random.Next(serial.Length - length + 1), length);
        }
        string Escaped(string text) => Uri.EscapeDataString(text);
        return
        [
            await TimeAsync(server, "GET /api/fleet", requests, () => "api/fleet"),
            await TimeAsync(server, "GET /api/pledges?q=<4-10 characters of a serial>", requests, () => $"api/pledges?q={Escaped(Fragment())}"),
            await TimeAsync(server, "GET /api/pledges?q=<a whole serial>", requests, () => $"api/pledges?q={Escaped(serials[random.Next(serials.Count)])}"),
            await TimeAsync(server, "GET /api/pledges?state=Enrolled", requests, () => "api/pledges?state=Enrolled"),
            await TimeAsync(server, "GET /api/pledges?q=<4-10 characters>&state=Enrolled", requests, () => $"api/pledges?q={Escaped(Fragment())}&state=Enrolled"),
        ];
    }

    /// <summary>The <c>total</c> of a <c>/api/pledges</c> answer: how many pledges matched, on every shard.</summary>
    public static long Total(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("total").GetInt64();
    }

    private static async Task<Timing> TimeAsync(ServerTopology server, string name, int requests, Func<string> next)
    {
        // The first request pays for the token look-up and any first-call costs; it is not timed.
        await server.GetFromSiloAsync(next());
        var milliseconds = new List<double>(requests);
        var matches = new List<long>(requests);
        for (int i = 0; i < requests; i++)
        {
            string path = next();
            long started = Stopwatch.GetTimestamp();
            string body = await server.GetFromSiloAsync(path);
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (path.StartsWith("api/pledges", StringComparison.Ordinal))
            {
                matches.Add(Total(body));
            }
        }
        milliseconds.Sort();
        matches.Sort();
        return new Timing(name, requests, Percentile.Of(milliseconds, 0.50), Percentile.Of(milliseconds, 0.99), Percentile.Of(milliseconds, 1),
            matches.Count == 0 ? null : matches[matches.Count / 2]);
    }
}
