using System.Diagnostics;
using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// <c>million</c>: issue 14's million registered pledges on the embedded default, through the real enrollment path. Starts the silo
/// from the Release build, then runs the fleet simulator in batches, one process after another, each under its own serial prefix
/// (the index of its first pledge), until <c>--total</c> pledges are enrolled. At each checkpoint it prints and appends a
/// <see cref="MillionCheckpoint"/> row to the results file; at the end it times the operator API (<see cref="ApiLatency"/>).
/// <c>--resume</c> restarts the silo on the folder of an interrupted run and counts the pledges it has registered from the API.
/// The fleet writes no pledge files (IDevID, LDevID: about 20 KiB of disk a pledge, slow to create and remove) unless <c>--keep-pledge-files</c>.
/// </summary>
public static class MillionCommand
{
    public const string Usage = "Benchmarks million [--total 1000000] [--checkpoints 100000,500000,1000000] [--batch 20000] [--concurrency 128] [--no-vouchers]"
        + " [--data DIR [--resume]] [--results million-results.md] [--api-requests 200] [--keep-pledge-files] [--timeout SECONDS-PER-BATCH]";

    private sealed record Options(int Total, IReadOnlyList<int> Checkpoints, int Batch, int Concurrency, bool Vouchers, string? Data, bool Resume,
        string Results, int ApiRequests, bool KeepPledgeFiles, int? Timeout);

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        if (ReleaseBuild.Find(Console.Error) is not { } build)
        {
            return 2;
        }
        string work = options.Data is { } given ? Path.GetFullPath(given) : Path.Combine(Path.GetTempPath(), "eals-million-" + Guid.NewGuid().ToString("N")[..12]);
        bool existing = Directory.Exists(Path.Combine(work, "data"));
        if (existing != options.Resume)
        {
            Console.Error.WriteLine(options.Resume
                ? $"million: --resume needs the folder of an earlier run: {work}/data does not exist"
                : $"million: {work}/data holds an earlier run: --resume to continue it, or another folder");
            return 2;
        }
        Directory.CreateDirectory(work);

        using var cleanup = new ExitCleanup(ChildProcess.KillAll);
        bool finished = false;
        try
        {
            Say($"million: {(options.Vouchers ? "zero-touch with vouchers (hosted MASA), as the fleet's default" : "no vouchers")}, embedded default, {options.Total:N0} pledges"
                + $" in batches of {options.Batch:N0} (one fleet process at a time, concurrency {options.Concurrency}), checkpoints {string.Join(", ", options.Checkpoints.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))}");
            Say($"  folder {work} ({(options.Resume ? "resumed" : "new")}); results appended to {Path.GetFullPath(options.Results)}");
            var clock = Stopwatch.StartNew();
            await using var server = await ServerTopology.StartEmbeddedAsync(build.SiloDll, work, keepWork: true);
            Say(Invariant($"  silo pid {server.Silos[0].Id} ready in {clock.Elapsed.TotalSeconds:F1} s; registrar {server.Registrars[0]}"));

            long registered = 0;
            if (options.Resume)
            {
                registered = await DirectoryEnrolledAsync(server);
                Say($"  resumed: {registered:N0} pledges registered (the directory's Enrolled count)");
            }
            AppendResults(options.Results, $"\n### Benchmarks million, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {(options.Vouchers ? "vouchers" : "no vouchers")}, batches of {options.Batch}, concurrency {options.Concurrency}"
                + (options.Resume ? $", resumed at {registered:N0} (overall rates since then)" : "") + $" ({work})\n\n{MillionCheckpoint.TableHeader}");

            long runEnrolled = 0;
            var runWall = TimeSpan.Zero;
            var serials = new List<string>();
            FleetRun? last = null;
            var rows = new List<string>();
            while (registered < options.Total)
            {
                int checkpoint = options.Checkpoints.First(c => c > registered);
                // Batches end on multiples of --batch (a resumed run first fills its partial batch), so a checkpoint's batch is a whole one.
                int count = (int)Math.Min(options.Batch - registered % options.Batch, checkpoint - registered);
                // The serial prefix is the index of the batch's first pledge; the fleet adds a random run tag, so even a batch
                // restarted at the same index after an interruption names its pledges afresh.
                string prefix = $"EALS-DEMO-{registered:D7}-";
                string[] arguments = [build.PledgeDll, "fleet", "--count", Text(count), "--data", server.Data, "--concurrency", Text(options.Concurrency),
                    "--serial-prefix", prefix, "--registrar", server.Registrars[0].ToString().TrimEnd('/'),
                    .. options.Vouchers ? Array.Empty<string>() : ["--no-vouchers"], .. options.KeepPledgeFiles ? Array.Empty<string>() : ["--no-credential-files"]];
                var siloBefore = server.SiloCpu();
                var run = await FleetRun.RunAsync(server, arguments, TimeSpan.FromSeconds(options.Timeout ?? 120 + count / 5), $"batch-{registered:D7}");
                var siloCpu = server.SiloCpu() - siloBefore;
                if (run.Enrolled < count / 2)
                {
                    throw new InvalidOperationException($"the batch from {registered:N0} enrolled {run.Enrolled} of {count} ({run.Summary}); stopping, the folder is kept for --resume");
                }
                serials.AddRange(await ListedSerialsAsync(server, $"api/pledges?q={prefix}"));
                registered += run.Enrolled;
                runEnrolled += run.Enrolled;
                runWall += run.Wall;
                last = run;
                double batchRate = run.Enrolled / run.Wall.TotalSeconds;
                double cpuPerEnrollment = siloCpu.TotalMilliseconds / Math.Max(1, run.Enrolled);
                Say(Invariant($"  {registered,9:N0}: batch {run.Enrolled} enrolled, {run.Failed} failed, {batchRate:F1}/s over {run.Wall.TotalSeconds:F1} s, silo {cpuPerEnrollment:F2} ms CPU/enrollment, p50 {run.P50Milliseconds:F0} ms, p99 {run.P99Milliseconds:F0} ms"));

                if (registered == checkpoint)
                {
                    // The directory's shards report within a second or two: wait for the count to settle before reading it.
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    var row = new MillionCheckpoint(registered, await DirectoryEnrolledAsync(server), batchRate, runEnrolled / runWall.TotalSeconds,
                        server.SiloRss(), server.DatabaseBytes(), cpuPerEnrollment, run.P50Milliseconds, run.P99Milliseconds, clock.Elapsed);
                    rows.Add(row.Row());
                    Say("  checkpoint " + row.Row());
                    AppendResults(options.Results, row.Row());
                }
            }

            if (serials.Count == 0)
            {
                serials.AddRange(await ListedSerialsAsync(server, "api/pledges?state=Enrolled"));
            }
            Say($"timing the operator API at {registered:N0} registered pledges, {options.ApiRequests} requests of each kind, one at a time ...");
            var timings = await ApiLatency.MeasureAsync(server, serials, options.ApiRequests, new Random(14));
            string enrollment = last is null
                ? "no batch ran in this process: enrollment times n/a"
                : Invariant($"enrollment time at {registered:N0} (the last batch, {last.Enrolled:N0} pledges, each from its start to its certificate on the fleet's clock): p50 {last.P50Milliseconds:F1} ms, p99 {last.P99Milliseconds:F1} ms");
            string apiTable = ApiLatency.TableHeader + "\n" + string.Join("\n", timings.Select(ApiLatency.Row));
            Say("");
            Say(MillionCheckpoint.TableHeader);
            rows.ForEach(Say);
            Say("");
            Say(enrollment);
            Say("");
            Say(apiTable);
            AppendResults(options.Results, $"\n{enrollment}\n\nOperator API at {registered:N0} pledges, one request at a time:\n\n{apiTable}");
            finished = true;
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"million: {exception.Message}");
            Console.Error.WriteLine($"million: the folder {work} is kept; continue with --data {work} --resume");
            return 1;
        }
        finally
        {
            // A fresh temporary folder goes once its run is complete; a given one, or an unfinished run's, stays.
            if (finished && options.Data is null)
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException exception)
                {
                    Console.Error.WriteLine($"could not remove {work}: {exception.Message}");
                }
            }
        }
    }

    private static Options? Parse(string[] args)
    {
        try
        {
            var line = new CommandLine(args);
            int total = line.GetInt("--total", 1_000_000);
            var checkpoints = (line.Get("--checkpoints") ?? "100000,500000,1000000")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Where(c => c > 0 && c < total).Append(total).Distinct().Order().ToList();
            var options = new Options(total, checkpoints, line.GetInt("--batch", 20_000), line.GetInt("--concurrency", 128), !line.Has("--no-vouchers"),
                line.Get("--data"), line.Has("--resume"), line.Get("--results", "million-results.md"), line.GetInt("--api-requests", 200),
                line.Has("--keep-pledge-files"), line.Get("--timeout") is null ? null : line.GetInt("--timeout", 0));
            bool valid = total > 0 && options.Batch > 0 && options.Concurrency > 0 && options.ApiRequests > 0 && options.Timeout is null or > 0
                && (!options.Resume || options.Data is not null);
            return valid ? options : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>How many pledges the directory lists as Enrolled: the pledges registered, as the operator sees them.</summary>
    private static async Task<long> DirectoryEnrolledAsync(ServerTopology server) =>
        ApiLatency.Total(await server.GetFromSiloAsync("api/pledges?state=Enrolled"));

    /// <summary>The serials on the first page of a <c>/api/pledges</c> listing: real serials for the API's searches.</summary>
    private static async Task<IEnumerable<string>> ListedSerialsAsync(ServerTopology server, string listing)
    {
        using var page = System.Text.Json.JsonDocument.Parse(await server.GetFromSiloAsync(listing));
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!)];
    }

    private static void AppendResults(string path, string text) => File.AppendAllText(path, text + "\n");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Say(string text) => Console.WriteLine(text);
}
