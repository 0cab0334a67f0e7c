using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Eals.Benchmarks;

/// <summary>
/// One fleet simulator process run to its end against a <see cref="ServerTopology"/>: its counts and rate as its
/// summary line reports them, its enrollment times (p50, p99) when it prints them, its wall time and its CPU from /proc.
/// </summary>
public sealed partial record FleetRun(int Enrolled, int Failed, double Seconds, double Rate, TimeSpan Wall, TimeSpan Cpu, bool Completed, string Summary,
    double? P50Milliseconds, double? P99Milliseconds)
{
    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> (killed after <paramref name="timeout"/>); throws when a server process died meanwhile or the fleet printed no summary.</summary>
    public static async Task<FleetRun> RunAsync(ServerTopology server, string[] arguments, TimeSpan timeout, string name)
    {
        ArgumentNullException.ThrowIfNull(server);
        var clock = Stopwatch.StartNew();
        var reapedBefore = ChildProcess.ReapedChildrenCpu();
        using var fleet = ChildProcess.Start($"fleet-{name}", "dotnet", arguments, Path.Combine(server.Work, $"fleet-{name}.log"), server.Work);
        // The last CPU reading before the exit: /proc/PID/stat goes with the process (it is our child, so it stays a zombie until reaped;
        // Process reaps it, so poll until then).
        TimeSpan cpu = TimeSpan.Zero;
        var waiting = fleet.WaitAsync(timeout);
        while (!waiting.IsCompleted)
        {
            try
            {
                cpu = fleet.Cpu();
            }
            catch (IOException)
            {
                break;
            }
            await Task.WhenAny(waiting, Task.Delay(100));
        }
        bool completed = await waiting;
        var wall = clock.Elapsed;
        // Once reaped, the fleet's whole CPU is in this process's cutime + cstime (the polled reading misses its last 100 ms).
        var reaped = ChildProcess.ReapedChildrenCpu() - reapedBefore;
        if (reaped > cpu)
        {
            cpu = reaped;
        }
        foreach (var silo in server.Silos.Concat(server.Gateways))
        {
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"{silo.Name} exited ({silo.ExitCode}) during the {name} run; see {silo.Log}");
            }
        }
        string output = fleet.Output();
        var match = SummaryLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"the {name} fleet {(completed ? "ended" : $"was killed after {timeout.TotalSeconds:F0} s")} without its summary line; {fleet.Log}:\n{string.Join('\n', output.Split('\n').TakeLast(10))}");
        }
        int enrolled = int.Parse(match.Groups["enrolled"].Value, CultureInfo.InvariantCulture);
        int failed = int.Parse(match.Groups["failed"].Value, CultureInfo.InvariantCulture);
        double seconds = double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        var times = TimeLine().Match(output);
        double? Milliseconds(string group) => times.Success ? double.Parse(times.Groups[group].Value, CultureInfo.InvariantCulture) : null;
        return new(enrolled, failed, seconds, enrolled / Math.Max(seconds, 0.001), wall, cpu, completed, match.Value, Milliseconds("p50"), Milliseconds("p99"));
    }

    [GeneratedRegex(@"enrolled: (?<enrolled>\d+), failed: (?<failed>\d+).*? in (?<seconds>[0-9.]+) s")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"enrollment time: p50 (?<p50>[0-9.]+) ms, p99 (?<p99>[0-9.]+) ms")]
    private static partial Regex TimeLine();
}
