using System.Diagnostics;
using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// A child process of a benchmark command (a silo, a gateway, the fleet simulator), its output in a log file,
/// its CPU and RSS read from <c>/proc</c>. Every child started is registered, so <see cref="KillAll"/> ends them on
/// the way out (normal end, exception, Ctrl+C, SIGTERM).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly List<ChildProcess> Running = [];
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);
    private readonly Process _process;

    private ChildProcess(Process process, string name, string log)
    {
        _process = process;
        Name = name;
        Log = log;
    }

    public string Name { get; }

    /// <summary>The file holding the child's standard output and error.</summary>
    public string Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/>, output and errors to <paramref name="log"/>.</summary>
    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, string log, string? workingDirectory = null)
    {
        // sh execs the program in its own place (same process id), so /proc/PID is the program's.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$EALS_BENCH_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["EALS_BENCH_LOG"] = log;
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"), name, log);
        lock (Running)
        {
            Running.Add(child);
        }
        return child;
    }

    /// <summary>User + system CPU of all the process's threads so far (<c>/proc/PID/stat</c> fields 14 and 15).</summary>
    public TimeSpan Cpu()
    {
        string stat = File.ReadAllText($"/proc/{Id}/stat");
        // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);
    }

    /// <summary>CPU (cutime + cstime) of this process's children that have ended and been waited for.</summary>
    public static TimeSpan ReapedChildrenCpu()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);
    }

    /// <summary>Resident set size in bytes (<c>VmRSS</c> of <c>/proc/PID/status</c>).</summary>
    public long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>Waits for the exit, at most <paramref name="timeout"/>; kills the process and returns false when it runs longer.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return false;
        }
    }

    public string Output() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        lock (Running)
        {
            Running.Remove(this);
        }
        _process.Dispose();
    }

    /// <summary>Kills every child still running.</summary>
    public static void KillAll()
    {
        ChildProcess[] children;
        lock (Running)
        {
            children = [.. Running];
        }
        foreach (var child in children)
        {
            child.Kill();
        }
    }

    private static double ReadTicksPerSecond()
    {
        try
        {
            var start = new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false };
            using var getconf = Process.Start(start)!;
            string text = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit(5_000);
            return double.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out double ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
