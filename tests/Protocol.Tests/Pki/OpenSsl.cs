using System.ComponentModel;
using System.Diagnostics;

namespace Eals.Protocol.Tests.Pki;

/// <summary>Runs the openssl command-line tool as an independent judge of what the PKI layer produces.</summary>
internal static class OpenSsl
{
    internal sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        }
        catch (Win32Exception e)
        {
            // Fail, never skip: these tests are the interop evidence for the PKI layer.
            throw new InvalidOperationException("The openssl command is not on PATH; the PKI interop tests need it (apt-get install openssl).", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish.");
            }

            return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Runs openssl and asserts it succeeded, showing its output when it did not.</summary>
    public static Result Succeed(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result;
    }

    /// <summary><c>openssl verify -x509_strict -CAfile</c>: exit 0 and "OK" or the test fails.</summary>
    public static void Verify(string caPem, string certificatePem, TempFolder folder)
    {
        var ca = folder.Write("verify-ca.pem", caPem);
        var certificate = folder.Write("verify-leaf.pem", certificatePem);
        var result = Succeed("verify", "-x509_strict", "-CAfile", ca, certificate);
        Assert.Contains($"{certificate}: OK", result.StandardOutput, StringComparison.Ordinal);
    }
}
