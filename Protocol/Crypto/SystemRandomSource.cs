using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>The operating system's CSPRNG; what hosts inject in production.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public static SystemRandomSource Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
