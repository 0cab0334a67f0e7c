using BenchmarkDotNet.Attributes;

namespace Eals.Benchmarks;

/// <summary>What the route benchmarks share: a <see cref="RoutePki"/> per benchmark instance, removed with its files at the end.</summary>
[MemoryDiagnoser]
public abstract class RouteBenchmark : IDisposable
{
    internal RoutePki Pki { get; } = new();

    [GlobalCleanup]
    public void Dispose()
    {
        Pki.Dispose();
        GC.SuppressFinalize(this);
    }
}
