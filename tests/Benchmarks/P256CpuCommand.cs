using System.Diagnostics;

namespace Eals.Benchmarks;

/// <summary>
/// The operations of <see cref="P256Benchmarks"/> on each backend timed by the process's CPU time (user + system)
/// rather than wall time: after a warm-up, the best of 5 batches. On a shared machine wall time mostly measures the
/// neighbours; CPU time moves much less.
/// </summary>
public static class P256CpuCommand
{
    public static int Run(string[] args)
    {
        int count = new CommandLine(args).GetInt("--count", 2000);
        foreach (string backend in new[] { "BCL", "OpenSSL" })
        {
            using var benchmarks = new P256Benchmarks { Backend = backend };
            benchmarks.Setup();
            (string Name, Func<object> Operation)[] operations =
            [
                ("Generate", benchmarks.Generate),
                ("TryAgree", benchmarks.TryAgree),
                ("Sign", benchmarks.Sign),
                ("Verify", () => benchmarks.Verify()),
                ("VerifyCached", () => benchmarks.VerifyCached()),
                ("IsValidPublicKey", () => benchmarks.IsValidPublicKey()),
            ];
            foreach (var (name, operation) in operations)
            {
                Console.WriteLine($"{backend,-8} {name,-17} {Microseconds(operation, count),8:F1} µs CPU");
            }
        }
        return 0;
    }

    private static double Microseconds(Func<object> operation, int count)
    {
        for (int i = 0; i < count / 4; i++)
        {
            operation();
        }
        double best = double.MaxValue;
        for (int batch = 0; batch < 5; batch++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < count; i++)
            {
                operation();
            }
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / count);
        }
        return best;
    }
}
