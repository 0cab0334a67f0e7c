using System.Diagnostics;
using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// <c>enroll</c>: issue 14's figures in one run. Times the cryptographic floor in this process, starts the
/// server from the Release build as child processes (the embedded default, or with <c>--cluster N</c> a PostgreSQL
/// cluster of N silos and N gateways), warms it up with fleet rounds until two consecutive rates differ by less
/// than 10 % (JIT tiering settled), then runs the measured fleet and prints rate, CPU per enrollment (server and
/// fleet), the floor and the ratio, grain calls and durable writes per enrollment from the server's <c>/metrics</c>,
/// RSS and database size, each against its target. Every child process is killed at the end, also on Ctrl+C.
/// </summary>
public static class EnrollCommand
{
    public const string Usage = "Benchmarks enroll [--count 5000] [--warmup 3000] [--concurrency 64] [--no-vouchers] [--cluster N [--spread pledge|datagram]] [--max-rounds 6] [--timeout SECONDS]";

    private const double SettledWithin = 0.10;

    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int count = line.GetInt("--count", 5_000);
        int warmup = line.GetInt("--warmup", 3_000);
        int concurrency = line.GetInt("--concurrency", 64);
        int cluster = line.GetInt("--cluster", 0);
        int maxRounds = Math.Max(2, line.GetInt("--max-rounds", 6));
        bool vouchers = !line.Has("--no-vouchers");
        // Over a cluster's gateways, each pledge keeps to one (as a Kubernetes Service pins a UDP flow to one pod), or with
        // --spread datagram each request goes to any of them.
        string spread = line.Get("--spread", "pledge");
        if (count <= 0 || warmup < 0 || concurrency <= 0 || cluster < 0 || spread is not ("pledge" or "datagram"))
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        if (ReleaseBuild.Find(Console.Error) is not { } build)
        {
            return 2;
        }
        string siloDll = build.SiloDll;
        string pledgeDll = build.PledgeDll;

        // The children go on Ctrl+C and SIGTERM too, not only on the way out.
        ServerTopology? topology = null;
        using var cleanup = new ExitCleanup(() =>
        {
            ChildProcess.KillAll();
            topology?.Postgres?.Stop();
        });
        try
        {
            Say($"enroll: {(vouchers ? "vouchers (hosted MASA)" : "no vouchers")}, {(cluster == 0 ? "embedded default" : $"PostgreSQL cluster of {cluster} silos, requests spread per {spread}")}, warm-up rounds of {warmup}, measured {count}, concurrency {concurrency}");
            Say("floor: timing the bare primitives in this process ...");
            var floor = EnrollmentFloor.Measure();
            foreach (var primitive in floor)
            {
                Say(Invariant($"  {primitive.Name,-22} {primitive.Microseconds,8:F1} µs   x{primitive.WithoutVouchers} without vouchers, x{primitive.WithVouchers} with"));
            }
            double floorMs = EnrollmentFloor.Milliseconds(floor, vouchers);
            Say(Invariant($"  floor: {EnrollmentFloor.Milliseconds(floor, false):F3} ms without vouchers, {EnrollmentFloor.Milliseconds(floor, true):F3} ms with vouchers"));

            string work = Path.Combine(Path.GetTempPath(), "eals-enroll-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(work);
            Say($"starting the server in {work} ...");
            var clock = Stopwatch.StartNew();
            topology = cluster == 0
                ? await ServerTopology.StartEmbeddedAsync(siloDll, work)
                : await ServerTopology.StartClusterAsync(siloDll, work, cluster, vouchers);
            await using var server = topology;
            Say(Invariant($"  ready in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", server.Silos.Concat(server.Gateways).Select(p => $"{p.Name} pid {p.Id}"))}; registrar {string.Join(" ", server.Registrars)}"));

            string[] fleetArguments(int n) => [pledgeDll, "fleet", "--count", n.ToString(CultureInfo.InvariantCulture), "--data", server.Data,
                "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), .. vouchers ? Array.Empty<string>() : ["--no-vouchers"],
                .. server.Registrars.SelectMany(r => new[] { "--registrar", r.ToString().TrimEnd('/') }), .. server.Registrars.Count > 1 ? ["--spread", spread] : Array.Empty<string>()];
            TimeSpan timeout(int n) => TimeSpan.FromSeconds(line.GetInt("--timeout", 120 + n / 5));

            // Warm-up: rounds until two consecutive rates differ by less than 10 % and the server compiled few methods more in the
            // last round (under 1 % of all it compiled: tiered JIT settled; three silos each tier their own code, on a third of the
            // traffic each, so they take longer), bounded.
            string settled = "no warm-up";
            if (warmup > 0)
            {
                double? previous = null;
                double? jitBefore = null;
                settled = $"not settled after {maxRounds} rounds";
                for (int round = 1; round <= maxRounds; round++)
                {
                    var result = await FleetRun.RunAsync(server, fleetArguments(warmup), timeout(warmup), $"warmup{round}");
                    var scrape = await server.ScrapeAsync();
                    var jit = scrape.Total("dotnet_jit_compiled_methods_total") ?? scrape.Total("dotnet_jit_compiled_methods");
                    double? jitGrowth = jit is { } now && jitBefore is { } then && now > 0 ? (now - then) / now : null;
                    Say(Invariant($"  warm-up {round}: {result.Enrolled} enrolled, {result.Failed} failed, {result.Rate:F1}/s{(previous is { } p ? $" ({Change(p, result.Rate) * 100:+0.0;-0.0} % on the round before)" : "")}; methods JIT-compiled by the server: {(jit is { } j ? j.ToString("F0", CultureInfo.InvariantCulture) + (jitGrowth is { } g ? $" (+{g * 100:F1} % this round)" : "") : "n/a (System.Runtime meter not exported)")}"));
                    bool jitSettled = jit is null || jitGrowth is { } growth && growth < SettledWithin / 10;
                    if (previous is { } before && Math.Abs(Change(before, result.Rate)) < SettledWithin && jitSettled)
                    {
                        settled = Invariant($"settled after {round} rounds of {warmup}: the last two rates differ by {Math.Abs(Change(before, result.Rate)) * 100:F1} % (< 10 %)")
                            + (jitGrowth is { } last ? Invariant($", {last * 100:F1} % of the JIT-compiled methods came in the last round (< 1 %)") : "");
                        break;
                    }
                    previous = result.Rate;
                    jitBefore = jit;
                }
                Say("  warm-up " + settled);
            }

            // The measured run.
            var metricsBefore = await server.ScrapeAsync();
            var serverBefore = server.ServerCpu();
            var siloBefore = server.SiloCpu();
            var postgresBefore = server.Postgres?.Cpu() ?? TimeSpan.Zero;
            var measured = await FleetRun.RunAsync(server, fleetArguments(count), timeout(count), "measured");
            var serverCpu = server.ServerCpu() - serverBefore;
            var siloCpu = server.SiloCpu() - siloBefore;
            var postgresCpu = (server.Postgres?.Cpu() ?? TimeSpan.Zero) - postgresBefore;
            var delta = (await server.ScrapeAsync()).Minus(metricsBefore);
            long rss = server.SiloRss();
            long database = server.DatabaseBytes();

            Report(new(measured, vouchers, cluster, floorMs, serverCpu, siloCpu, postgresCpu, delta, rss, database, settled, count, concurrency, warmup));
            return measured.Failed == 0 && measured.Completed ? 0 : 1;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            Console.Error.WriteLine($"enroll: {exception.Message}");
            return 1;
        }
    }

    private sealed record Figures(FleetRun Run, bool Vouchers, int Cluster, double FloorMs, TimeSpan ServerCpu, TimeSpan SiloCpu, TimeSpan PostgresCpu,
        PrometheusText Delta, long Rss, long Database, string Settled, int Count, int Concurrency, int Warmup);

    private static void Report(Figures f)
    {
        int n = Math.Max(1, f.Run.Enrolled);
        double rate = f.Run.Rate;
        double serverMs = (f.ServerCpu + f.PostgresCpu).TotalMilliseconds / n;
        double siloMs = f.SiloCpu.TotalMilliseconds / n;
        double fleetMs = f.Run.Cpu.TotalMilliseconds / Math.Max(1, f.Run.Enrolled + f.Run.Failed);
        double rateTarget = f.Cluster > 0 ? 150 : f.Vouchers ? 250 : 350;
        double cpuTarget = f.Vouchers ? 4 : 2.5;
        const string calls = "eals_grain_calls_total", remote = "eals_grain_calls_remote_total", writes = "eals_storage_writes_total", commits = "eals_storage_commits_total";
        double? grainCalls = Per(f.Delta.Total(calls, "eals_call_source", "grain"), n);
        double? clientCalls = Per(f.Delta.Total(calls, "eals_call_source", "client"), n);
        // The registrar's writes; the MASA (a separate service, hosted in the silo here) writes its own store, shown apart.
        double? masaWrites = Per(f.Delta.Total(writes, "eals_state", Eals.Masa.Storage.MasaStore.WrittenState), n);
        // Both grain storages (SQLite, and PostgreSQL in cluster mode) and both directory stores count their writes.
        double? writesPer = Per(f.Delta.Total(writes) - (masaWrites ?? 0) * n, n);
        double? commitsPer = Per(f.Delta.Total(commits), n);
        double? remotePer = Per(f.Delta.Total(remote), n);

        Say("");
        Say($"== enroll: {(f.Vouchers ? "zero-touch with vouchers (hosted MASA)" : "no vouchers")}, {(f.Cluster == 0 ? "embedded default (SQLite)" : $"PostgreSQL cluster, {f.Cluster} silos + {f.Cluster} gateways")}, {f.Count} pledges, concurrency {f.Concurrency} ==");
        Say($"fleet:                     {f.Run.Summary}{(f.Run.Completed ? "" : " (killed at the time-out)")}");
        Say($"warm-up:                   {f.Settled}");
        Say(Invariant($"enrollments/s:             {rate,10:F1}   (fleet's own clock {f.Run.Seconds:F1} s; process wall {f.Run.Wall.TotalSeconds:F1} s)   target >= {rateTarget:F0}/s: {Met(rate >= rateTarget)}"));
        if (f.Cluster > 0)
        {
            Say(Invariant($"server CPU ms/enrollment:  {serverMs,10:F2}   (silos {siloMs:F2}, gateways {(f.ServerCpu - f.SiloCpu).TotalMilliseconds / n:F2}, PostgreSQL {f.PostgresCpu.TotalMilliseconds / n:F2})   target <= {cpuTarget} ms: {Met(serverMs <= cpuTarget)}"));
        }
        else
        {
            Say(Invariant($"silo CPU ms/enrollment:    {serverMs,10:F2}   (user + system, all threads, /proc/PID/stat)   target <= {cpuTarget} ms: {Met(serverMs <= cpuTarget)}"));
        }
        Say(Invariant($"floor ms/enrollment:       {f.FloorMs,10:F3}   (bare primitives, timed in this process)"));
        Say(Invariant($"ratio CPU/floor:           {serverMs / f.FloorMs,10:F1}   (long-term goal 1.5)"));
        Say(Invariant($"fleet CPU ms/pledge:       {fleetMs,10:F2}   (simulator process, provisioning included)   target <= 3 ms: {Met(fleetMs <= 3)}"));
        Say($"grain-to-grain calls/enr.: {Format(grainCalls),10}   target <= 4: {Met(grainCalls is { } g ? g <= 4 : null)}");
        Say($"client calls/enrollment:   {Format(clientCalls),10}   (gateway, dashboard, timers)");
        if (f.Cluster > 0)
        {
            Say($"silo-to-silo calls/enr.:   {Format(remotePer),10}");
        }
        Say($"durable writes/enrollment: {Format(writesPer),10}   (the registrar's grain state; the hosted MASA's own store {Format(masaWrites)} more)   target <= 4: {Met(writesPer is { } w ? w <= 4 : null)}");
        Say($"commits/enrollment:        {Format(commitsPer),10}");
        Say(Invariant($"silo RSS after:            {f.Rss / 1048576.0,10:F0} MiB{(f.Cluster > 0 ? " (sum over silos)" : "")}"));
        Say(Invariant($"database size:             {f.Database / 1048576.0,10:F1} MiB ({(f.Cluster > 0 ? "PostgreSQL data folder" : "grains.db + WAL")})"));
        Breakdown(f.Delta, calls, n, "grain calls by source and interface", "eals_call_source", "eals_grain_interface");
        Breakdown(f.Delta, writes, n, "durable writes by state", "eals_state");
        Breakdown(f.Delta, commits, n, "commits by store", "eals_store");
        Say(Invariant($"RESULT rate={rate:F1} server_cpu_ms={serverMs:F2} floor_ms={f.FloorMs:F3} ratio={serverMs / f.FloorMs:F1} fleet_cpu_ms={fleetMs:F2} grain_calls={Format(grainCalls)} client_calls={Format(clientCalls)} remote_calls={Format(remotePer)} writes={Format(writesPer)} commits={Format(commitsPer)} rss_mib={f.Rss / 1048576} db_mib={f.Database / 1048576.0:F1}"));
    }

    private static void Breakdown(PrometheusText delta, string name, int n, string title, params string[] labels)
    {
        if (!delta.Has(name))
        {
            Say($"{title}: n/a ({name} not exported)");
            return;
        }
        Say($"{title} (per enrollment):");
        foreach (var (key, value) in delta.By(name, labels).Where(e => Math.Abs(e.Value) > 0))
        {
            Say(Invariant($"  {value / n,8:F2}  {key}"));
        }
    }

    private static double? Per(double? total, int n) => total is { } t ? t / n : null;

    private static string Format(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Met(bool? met) => met switch { true => "met", false => "NOT met", null => "n/a" };

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/>, relative to the larger.</summary>
    private static double Change(double before, double after) => (after - before) / Math.Max(Math.Max(before, after), 1e-9);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Say(string text) => Console.WriteLine(text);
}
