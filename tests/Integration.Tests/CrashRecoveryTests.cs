using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;
using Eals.Tests.Shared;
using Xunit.Abstractions;

namespace Eals.Integration.Tests;

/// <summary>
/// The crash fault test of issue 15: the embedded default as its own process (the Release build of Silo), killed
/// with SIGKILL at random moments during a zero-touch fleet (vouchers, hosted MASA) on a lossy network and started
/// again each time on the same data folder and UDP port. Every pledge enrolls, no certificate serial is issued twice,
/// and no OSCORE (key, nonce) pair is used twice by the silo (all its lives) or the pledges.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Pledges = 500;
    private const int Kills = 5;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-crash-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;
    private readonly List<string> _pastLives = [];
    private int _lives;

    private string NonceLogs => Path.Combine(_data, "nonce-logs");

    [Fact]
    public async Task Killing_the_embedded_default_five_times_loses_no_pledge_reuses_no_nonce_and_issues_no_serial_twice()
    {
        Directory.CreateDirectory(NonceLogs);
        int port = FreePorts.Udp();
        await StartSiloAsync(port);

        // Five moments, each a random point of the fleet's progress (between 5 % and 90 % finished) plus a random
        // fraction of a second, so the kills fall in every phase: EDHOC, the MASA's claim, the CSR, block-wise answers.
        var random = new Random();
        var thresholds = Enumerable.Range(0, Kills).Select(_ => random.Next(Pledges / 20, Pledges * 9 / 10)).Order().ToArray();
        var enrolledAt = new ConcurrentQueue<long>();
        int finished = 0, enrolledSoFar = 0;
        var fleetLog = Path.Combine(NonceLogs, "fleet.log");
        var fleet = new FleetSimulator(new FleetOptions
        {
            Count = Pledges,
            Concurrency = 32,
            Loss = 0.1,
            AckTimeout = TimeSpan.FromMilliseconds(500),
            Registrar = new Uri($"coap://127.0.0.1:{port}"),
            DataFolder = _data,
            NonceLog = fleetLog,
        })
        {
            OnProgress = (done, enrolled, _) =>
            {
                if (enrolled > Volatile.Read(ref enrolledSoFar))
                {
                    enrolledAt.Enqueue(Stopwatch.GetTimestamp());
                }
                Volatile.Write(ref enrolledSoFar, enrolled);
                Volatile.Write(ref finished, done);
            },
        };
        var clock = Stopwatch.StartNew();
        var run = fleet.RunAsync();

        var restarts = new List<(long Killed, long Ready, TimeSpan Down)>();
        foreach (int threshold in thresholds)
        {
            // Bounded: a fleet that stops making progress ends the wait (and then fails below).
            for (int i = 0; i < 3000 && Volatile.Read(ref finished) < threshold && !run.IsCompleted; i++)
            {
                await Task.Delay(50);
            }
            if (run.IsCompleted)
            {
                break;
            }
            await Task.Delay(random.Next(0, 500));
            long killed = Stopwatch.GetTimestamp();
            _silo!.Kill();
            await StartSiloAsync(port);
            restarts.Add((killed, Stopwatch.GetTimestamp(), Stopwatch.GetElapsedTime(killed)));
        }
        var report = await run;
        clock.Stop();

        output.WriteLine($"{report.Summary()}; {restarts.Count} kills; the whole run took {clock.Elapsed.TotalSeconds:F1} s");
        var enrollments = enrolledAt.Order().ToArray();
        foreach (var (killed, ready, down) in restarts)
        {
            // Recovery: from the restarted silo's "Application started" until the fleet enrolls at the rate it had in the
            // 5 s before the kill again (over a 2 s window), and its first enrollment after the restart.
            var before = enrollments.Count(t => t <= killed && Stopwatch.GetElapsedTime(t, killed) <= TimeSpan.FromSeconds(5)) / 5.0;
            var after = enrollments.Where(t => t > ready).ToArray();
            string first = after.Length > 0 ? $"{Stopwatch.GetElapsedTime(ready, after[0]).TotalSeconds:F1} s" : "none";
            string back = "never";
            for (int i = 0; i < after.Length; i++)
            {
                int inWindow = after.Skip(i).TakeWhile(t => Stopwatch.GetElapsedTime(after[i], t) <= TimeSpan.FromSeconds(2)).Count();
                if (inWindow / 2.0 >= before)
                {
                    back = $"{Stopwatch.GetElapsedTime(ready, after[i]).TotalSeconds:F1} s";
                    break;
                }
            }
            output.WriteLine($"restart: down {down.TotalSeconds:F1} s (kill to started); first enrollment {first} later; rate before the kill {before:F0}/s, back after {back}");
        }

        // Where the time went: enrollments per 10 s of the run, and the pacing leases each life of the silo saw run out
        // (slots held by sessions a kill took, freed only when their lease ends).
        long start = enrollments.Length > 0 ? enrollments[0] : 0;
        output.WriteLine("enrollments per 10 s: " + string.Join(" ", enrollments.GroupBy(t => (int)(Stopwatch.GetElapsedTime(start, t).TotalSeconds / 10))
            .Select(g => (g.Key, g.Count())).Aggregate(new List<int>(), (list, bucket) => { while (list.Count < bucket.Key) { list.Add(0); } list.Add(bucket.Item2); return list; })));
        output.WriteLine("leases run out per life: " + string.Join(" ", _pastLives.Append(_silo!.Output).Select(LeasesRunOut)));

        Assert.True(restarts.Count == Kills, $"only {restarts.Count} kills happened before the fleet finished");
        Assert.True(report.Failed == 0 && report.Enrolled == Pledges, report.Summary() + "\n"
            + string.Join("\n", report.Results.Where(r => !r.Value.Succeeded).Take(10).Select(r => $"{r.Key}: {r.Value.FailedStep} {r.Value.Reason} (attempt {r.Value.Attempts})")) + "\n" + Tail(_silo!.Output));

        FaultInvariants.NoSerialOrNonceTwice(report, _data, NonceLogs, fleetLog);
    }

    // Each life of the silo logs its nonces to a file of its own; the Orleans and HTTP ports are new each time (the
    // killed process's connections may still hold the old ones), the CoAP port stays: the pledges know only it.
    private async Task StartSiloAsync(int port)
    {
        int life = ++_lives;
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            _pastLives.Add(_silo.Output);
        }
        _silo = await SiloProcess.StartAsync($"silo-{life}",
        [
            "--data", _data,
            "--Gateway:Port", port.ToString(CultureInfo.InvariantCulture),
            "--Gateway:Addresses:0", "127.0.0.1",
            "--Dashboard:Urls", $"http://127.0.0.1:{FreePorts.Tcp()}",
            "--Orleans:SiloPort", FreePorts.Tcp().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", FreePorts.Tcp().ToString(CultureInfo.InvariantCulture),
            "--Diagnostics:OscoreNonceLog", Path.Combine(NonceLogs, $"silo-{life}.log"),
        ]);
    }

    private static int LeasesRunOut(string log) =>
        System.Text.RegularExpressions.Regex.Matches(log, @"(\d+) leases ran out").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
