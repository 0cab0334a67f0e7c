using Eals.Protocol.Crypto;

namespace Eals.Protocol.Tests.Pki;

/// <summary>Deterministic randomness for tests (not for keys: those come from the BCL).</summary>
internal sealed class SeededRandom(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}
