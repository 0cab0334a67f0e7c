using Eals.Protocol.Crypto;

namespace Eals.Gateway.Tests;

/// <summary>Always the same "random" bytes, to show that a component takes its randomness only from what it is given.</summary>
public sealed class FixedRandomSource(byte value) : IRandomSource
{
    public int Calls;

    public void Fill(Span<byte> destination)
    {
        Calls++;
        destination.Fill(value);
    }
}
