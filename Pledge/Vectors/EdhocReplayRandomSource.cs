using Eals.Protocol.Crypto;

namespace Eals.Pledge.Vectors;

/// <summary>Hands out the bytes a vector lists as "random" (an ephemeral private key), once.</summary>
public sealed class EdhocReplayRandomSource(byte[] bytes) : IRandomSource
{
    private int _offset;

    public void Fill(Span<byte> destination)
    {
        if (_offset + destination.Length > bytes.Length)
        {
            throw new InvalidOperationException("the vector's random bytes are exhausted (the key was rejected or drawn twice)");
        }
        bytes.AsSpan(_offset, destination.Length).CopyTo(destination);
        _offset += destination.Length;
    }
}
