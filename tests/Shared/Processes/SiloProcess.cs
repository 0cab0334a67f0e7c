using System.Diagnostics;
using System.Text;

namespace Eals.Tests.Shared;

/// <summary>
/// One OS process of the built silo executable (<c>dotnet Eals.Silo.dll --role ...</c>), its console
/// output kept for failure messages; ready once the host reports "Application started" (or another
/// line of its log, such as a gateway's health listener starting while it still waits for the cluster).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    public const string StartedLine = "Application started";

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private SiloProcess(string name, Process process, string readyLine)
    {
        Name = name;
        _process = process;
        _readyLine = readyLine;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="networkNamespace">Run inside this network namespace (<c>ip netns exec</c>, which becomes the process), as a pod.</param>
    public static async Task<SiloProcess> StartAsync(string name, IEnumerable<string> arguments, string readyLine = StartedLine, string? networkNamespace = null)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(BuiltSilo.Path)!,
        };
        if (networkNamespace is not null)
        {
            foreach (string part in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(part);
            }
        }
        start.ArgumentList.Add(BuiltSilo.Path);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, readyLine);
        process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        process.Exited += (_, _) => silo._started.TrySetException(new InvalidOperationException($"{name} exited with {SafeExitCode(process)} before it started:\n{silo.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo._started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"{name} did not start within {StartTimeout.TotalSeconds} s:\n{silo.Output}");
        }
        return silo;
    }

    /// <summary>SIGTERM, then waits for the host to shut down in order (a silo leaves the cluster and hands its grains back).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL: the process gets no chance to flush, deregister or finish anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.Contains(_readyLine, StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
