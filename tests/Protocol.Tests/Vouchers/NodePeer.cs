using System.Diagnostics;
using System.Text.Json;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>
/// Runs tests/Protocol.Tests/Vouchers/node/cose.js (npm cose-js and cbor). Fails, never skips, when node or
/// the packages are missing: ./test.sh installs node and runs `npm ci` in that folder.
/// </summary>
internal static class NodePeer
{
    private static readonly Lazy<string> Script = new(FindScript);

    /// <summary>Runs a command that must succeed and returns its JSON line.</summary>
    public static JsonElement Run(params string[] arguments)
    {
        var (exitCode, output, error) = RunRaw(arguments);
        Assert.True(exitCode == 0, $"node cose.js {arguments[0]} failed ({exitCode}): {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>Runs a command that must fail (a refused signature) and returns what it printed on stderr.</summary>
    public static string RunRefused(params string[] arguments)
    {
        var (exitCode, output, error) = RunRaw(arguments);
        Assert.True(exitCode != 0, $"node cose.js {arguments[0]} accepted what it should refuse: {output}");
        return error;
    }

    private static (int ExitCode, string Output, string Error) RunRaw(string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script.Value);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed: run ./test.sh (it installs nodejs and npm).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {string.Join(' ', arguments[..1])} did not finish in 30 s");
            }
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "tests", "Protocol.Tests", "Vouchers", "node");
            if (File.Exists(Path.Combine(folder, "cose.js")))
            {
                foreach (var package in new[] { "cose-js", "cbor" })
                {
                    if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
                    {
                        throw new InvalidOperationException($"npm {package} is not installed in {folder}: run ./test.sh (it runs `npm ci` there).");
                    }
                }
                return Path.Combine(folder, "cose.js");
            }
        }
        throw new InvalidOperationException("tests/Protocol.Tests/Vouchers/node/cose.js not found above " + AppContext.BaseDirectory);
    }
}
