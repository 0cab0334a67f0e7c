using System.Diagnostics;
using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// A throw-away PostgreSQL as <c>cluster-fleet.sh</c> starts one: the newest Debian binaries under
/// <c>/usr/lib/postgresql/*/bin</c>, its own cluster in the run's folder (<c>initdb --no-sync</c>, trust on
/// 127.0.0.1), its own port, default settings (fsync on), 400 connections; run as <c>postgres</c> when we are root.
/// Stopped with <c>pg_ctl -m immediate</c>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private bool _stopped;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Database=postgres;Username=eals";

    /// <summary>PostgreSQL's own processes (the postmaster and its children), for their CPU.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        string pidFile = Path.Combine(_folder, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int postmaster))
        {
            return [];
        }
        var ids = new List<int> { postmaster };
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) && ParentOf(pid) == postmaster)
            {
                ids.Add(pid);
            }
        }
        return ids;
    }

    /// <summary>CPU (user + system) of the postmaster and its children, live ones and those it has waited for.</summary>
    public TimeSpan Cpu()
    {
        double ticks = 0;
        int postmaster = ProcessIds().FirstOrDefault();
        foreach (int pid in ProcessIds())
        {
            var fields = StatFields(pid);
            if (fields is null)
            {
                continue;
            }
            ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                // cutime + cstime: backends that have ended.
                ticks += double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture);
            }
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public long DataBytes() => Directory.Exists(_folder)
        ? new DirectoryInfo(_folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => { try { return f.Length; } catch (FileNotFoundException) { return 0L; } })
        : 0;

    public static async Task<PostgresServer> StartAsync(string work)
    {
        string bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists)
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0).LastOrDefault() ?? ""
            : "";
        if (bin.Length == 0)
        {
            throw new InvalidOperationException("no PostgreSQL under /usr/lib/postgresql/*/bin (Debian package postgresql)");
        }
        string folder = Path.Combine(work, "pg");
        var server = new PostgresServer(bin, folder, ServerTopology.FreeTcpPort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres", work]);
        }
        await server.AsPostgresAsync("initdb", ["-D", folder, "-U", "eals", "--auth=trust", "--no-sync"]);
        try
        {
            await server.AsPostgresAsync("pg_ctl", ["-D", folder, "-l", Path.Combine(work, "pg.log"), "-o",
                $"-p {server.Port.ToString(CultureInfo.InvariantCulture)} -k {work} -c listen_addresses=127.0.0.1 -c max_connections=400", "-w", "start"]);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Stops the server at once (the command's own children are killed separately).</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        try
        {
            var (file, arguments) = AsPostgres("pg_ctl", ["-D", _folder, "-m", "immediate", "stop"]);
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start);
            process?.WaitForExit(30_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // nothing to stop
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private Task AsPostgresAsync(string program, string[] arguments)
    {
        var (file, all) = AsPostgres(program, arguments);
        return RunAsync(file, all);
    }

    private (string File, string[] Arguments) AsPostgres(string program, string[] arguments) =>
        Environment.UserName == "root" ? ("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments]) : (Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static int ParentOf(int pid) => StatFields(pid) is { } fields && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int parent) ? parent : -1;

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name: [0] is the state (field 3), [1] the parent (4), [11] utime (14).</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
