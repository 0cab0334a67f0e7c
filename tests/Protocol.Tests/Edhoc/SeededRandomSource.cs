using Eals.Protocol.Crypto;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Deterministic randomness for tests (reproducible from the CsCheck seed).</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}
