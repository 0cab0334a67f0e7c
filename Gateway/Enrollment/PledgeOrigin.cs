using Eals.Gateway.Messaging;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Where a trigger comes from, for pacing: the site (this gateway, or the join proxy it came through)
/// and the pledge within the site. A request with an extended token (longer than 8 bytes, RFC 8974)
/// came through a stateless join proxy: the site is the proxy's IP address (not the port: a busy proxy
/// sends from several sockets) and the pledge is the token's first 8 bytes, the proxy's opaque handle for
/// the pledge's address. Otherwise the pledge is its address and port.
/// </summary>
public readonly record struct PledgeOrigin(string Site, string Pledge)
{
    /// <summary>Tokens a pledge uses are at most this long (RFC 7252); longer ones are a proxy's.</summary>
    public const int PlainTokenLength = 8;

    public static PledgeOrigin Of(CoapRequest request, string gatewaySite)
    {
        var token = request.Message.Token.Span;
        return token.Length > PlainTokenLength
            ? new PledgeOrigin($"proxy:{request.Peer.ToEndPoint().Address}", Convert.ToHexStringLower(token[..PlainTokenLength]))
            : new PledgeOrigin(gatewaySite, request.Peer.ToString());
    }
}
