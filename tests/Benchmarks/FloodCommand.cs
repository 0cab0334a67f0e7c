using System.Diagnostics;
using System.Globalization;
using System.Net;
using Eals.Tests.Shared.Flood;

namespace Eals.Benchmarks;

/// <summary>
/// <c>flood</c>: issue 15's trigger flood against the embedded default (Release build, child process, default settings):
/// empty triggers from many ports of 127.0.0.2 at a fixed rate for a fixed time, optionally repeated with the Echo they are
/// given (the stronger attacker); a zero-touch fleet started a few seconds in. Prints what the attacker sent and got back,
/// how long the fleet took and how many enrolled, and how much the silo's RSS, CPU and stored state grew.
/// </summary>
public static class FloodCommand
{
    public const string Usage = "Benchmarks flood [--rate 5000] [--seconds 30] [--ports 256] [--fleet 20] [--echo]";

    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int rate = line.GetInt("--rate", 5_000);
        int seconds = line.GetInt("--seconds", 30);
        int ports = line.GetInt("--ports", 256);
        int pledges = line.GetInt("--fleet", 20);
        bool echo = line.Has("--echo");
        if (rate <= 0 || seconds <= 0 || ports <= 0 || pledges <= 0)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        if (ReleaseBuild.Find(Console.Error) is not { } build)
        {
            return 2;
        }
        using var cleanup = new ExitCleanup(ChildProcess.KillAll);
        string work = Path.Combine(Path.GetTempPath(), "eals-flood-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        await using var server = await ServerTopology.StartEmbeddedAsync(build.SiloDll, work);
        var silo = server.Silos[0];
        var registrar = server.Registrars[0];
        Say($"flood: {rate}/s for {seconds} s from {ports} ports of 127.0.0.2{(echo ? ", every 4.01 with Echo repeated with it" : "")}; a fleet of {pledges} after 3 s; silo pid {silo.Id}, registrar {registrar}");

        long rssBefore = silo.Rss();
        long storedBefore = server.DatabaseBytes();
        var cpuBefore = silo.Cpu();
        var flood = new TriggerFlood(new IPEndPoint(IPAddress.Loopback, registrar.Port), IPAddress.Parse("127.0.0.2"))
        {
            Ports = ports,
            DatagramsPerSecond = rate,
            Duration = TimeSpan.FromSeconds(seconds),
            AnswerEcho = echo,
        };
        var flooding = flood.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(3, seconds / 2)));
        var clock = Stopwatch.StartNew();
        var fleet = await FleetRun.RunAsync(server,
            [build.PledgeDll, "fleet", "--count", pledges.ToString(CultureInfo.InvariantCulture), "--data", server.Data,
             "--concurrency", pledges.ToString(CultureInfo.InvariantCulture), "--registrar", registrar.ToString().TrimEnd('/')],
            TimeSpan.FromMinutes(5), "during-flood");
        var fleetTime = clock.Elapsed;
        await flooding;
        var cpu = silo.Cpu() - cpuBefore;

        Say($"attacker:  {flood}");
        Say(Invariant($"  bytes answered per byte sent: {(double)flood.ReceivedBytes / Math.Max(1, flood.SentBytes):F3}; 4.01 bytes per byte of triggers without Echo: {(double)flood.ChallengeBytes / Math.Max(1, flood.UnprovenBytes):F3}"));
        Say(Invariant($"fleet:     {fleet.Enrolled} enrolled, {fleet.Failed} failed, in {fleetTime.TotalSeconds:F1} s (p50 {fleet.P50Milliseconds:F0} ms, p99 {fleet.P99Milliseconds:F0} ms)"));
        Say(Invariant($"silo:      CPU {cpu.TotalSeconds:F1} s over the run ({cpu.TotalMilliseconds * 1000 / Math.Max(1, flood.Sent):F1} µs per trigger), RSS {rssBefore / 1048576.0:F0} -> {silo.Rss() / 1048576.0:F0} MiB, stored {storedBefore / 1024.0:F0} -> {server.DatabaseBytes() / 1024.0:F0} KiB"));
        return fleet.Failed == 0 && fleet.Enrolled == pledges ? 0 : 1;
    }

    private static void Say(string text) => Console.WriteLine(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
