namespace Eals.Protocol.Crypto;

/// <summary>
/// The only way protocol code obtains randomness (ephemeral keys, nonces, identifiers). Injected so
/// that known-answer vectors can replay the RFC's "random" values and tests are deterministic.
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}
