using System.Diagnostics;

namespace Eals.Integration.Tests;

/// <summary>Runs the openssl command line (an independent verifier) and returns its exit code and output.</summary>
internal static class OpenSsl
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started; install it (Debian package openssl)");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
