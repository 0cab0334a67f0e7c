using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Eals.Benchmarks;

/// <summary>
/// A raw-UDP CoAP load generator: keeps a fixed number of GET requests outstanding across a few sockets,
/// matches answers by token, re-sends (and counts a loss) after a timeout. Bounded in time; stops by itself.
/// It does not use the gateway's endpoint, so the same generator measures any CoAP server.
/// </summary>
public static class LoadGenerator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        var target = IPEndPoint.Parse(line.Get("--target", "127.0.0.1:5683"));
        string path = line.Get("--path", "time");
        int seconds = Math.Clamp(line.GetInt("--duration", 10), 1, 600);
        int concurrency = Math.Max(1, line.GetInt("--concurrency", 64));
        int sockets = Math.Clamp(line.GetInt("--sockets", 2), 1, concurrency);
        bool confirmable = !line.Has("--non");

        var workers = Enumerable.Range(0, sockets)
            .Select(i => new LoadWorker(i, target, path, concurrency / sockets + (i < concurrency % sockets ? 1 : 0), confirmable))
            .ToList();
        foreach (var worker in workers)
        {
            worker.Start();
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up, not measured
        foreach (var worker in workers)
        {
            worker.Measuring = true;
        }
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        foreach (var worker in workers)
        {
            worker.Measuring = false;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var worker in workers)
        {
            worker.Stop();
        }

        long completed = workers.Sum(w => w.Completed);
        long losses = workers.Sum(w => w.Losses);
        long errors = workers.Sum(w => w.Errors);
        var histogram = new long[LoadWorker.Buckets + 1];
        foreach (var worker in workers)
        {
            for (int i = 0; i < histogram.Length; i++)
            {
                histogram[i] += worker.Histogram[i];
            }
        }
        double rate = completed / elapsed;
        double p50 = Percentile(histogram, 0.50);
        double p99 = Percentile(histogram, 0.99);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"target {target} /{path} {(confirmable ? "CON" : "NON")} concurrency {concurrency} sockets {sockets} duration {elapsed:F1} s"));
        Console.WriteLine(string.Create(invariant, $"completed {completed}, {rate:F0} req/s, p50 {p50:F0} us, p99 {p99:F0} us, losses {losses}, errors {errors}"));
        Console.WriteLine(string.Create(invariant, $"RESULT rps={rate:F0} p50_us={p50:F0} p99_us={p99:F0} losses={losses} errors={errors}"));
        return errors == 0 && completed > 0 ? 0 : 1;
    }

    private static double Percentile(long[] histogram, double fraction)
    {
        long total = histogram.Sum();
        if (total == 0)
        {
            return double.NaN;
        }
        long rank = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank)
            {
                return (i + 0.5) * LoadWorker.BucketMicroseconds;
            }
        }
        return histogram.Length * LoadWorker.BucketMicroseconds;
    }
}
