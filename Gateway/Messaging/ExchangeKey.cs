using System.Buffers.Binary;
using Eals.Gateway.Transport;

namespace Eals.Gateway.Messaging;

/// <summary>Client exchanges are matched by (peer, token) (RFC 7252 section 5.3.2); our tokens are at most 8 bytes.</summary>
public readonly record struct ExchangeKey(PeerAddress Peer, ulong Token, int TokenLength)
{
    public static bool TryCreate(PeerAddress peer, ReadOnlySpan<byte> token, out ExchangeKey key)
    {
        if (token.Length > 8)
        {
            key = default;
            return false;
        }
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        token.CopyTo(padded);
        key = new ExchangeKey(peer, BinaryPrimitives.ReadUInt64BigEndian(padded), token.Length);
        return true;
    }
}
