using System.Buffers.Binary;
using Eals.Gateway.Transport;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Whom a block-wise transfer belongs to. Pledges behind a stateless join proxy all share the proxy's
/// address; their requests carry a token longer than 8 bytes whose first 8 bytes are a per-pledge handle
/// (RFC 8974 section 3, <c>JoinProxyTokenCodec</c>), so that handle keeps their transfers (and the per-peer
/// limits) apart. A proxy is known by its IP address without the port: a busy one sends from several sockets
/// and moves to the next every 65,536 Message IDs, which may fall between two blocks of one pledge's transfer
/// (as the pacing site does, <c>PledgeOrigin</c>). A direct client has handle 0 and is known by address and port.
/// </summary>
public readonly record struct BlockwisePeer(PeerAddress Address, ulong ProxiedPledge)
{
    private const int HandleLength = 8;

    /// <summary>The peer as text, the same on every gateway (the key of its block-wise grain).</summary>
    public string Key => ProxiedPledge == 0 ? Address.ToString() : $"{Address.ToEndPoint().Address}#{ProxiedPledge:x16}";

    public static BlockwisePeer Of(CoapRequest request)
    {
        var token = request.Message.Token.Span;
        return token.Length > HandleLength
            ? new BlockwisePeer(request.Peer.WithPort(0), BinaryPrimitives.ReadUInt64BigEndian(token))
            : new BlockwisePeer(request.Peer, 0);
    }
}
