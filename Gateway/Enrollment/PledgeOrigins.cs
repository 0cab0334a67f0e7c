using System.Net;
using Eals.Gateway.Messaging;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Tells a request's <see cref="PledgeOrigin"/>. A request with an extended token (longer than 8 bytes, RFC 8974)
/// from a configured join proxy (<c>Gateway:JoinProxies</c>, addresses or CIDR prefixes) came through that stateless
/// proxy: the site is the proxy's IP address (not the port: a busy proxy sends from several sockets), the pledge
/// and its source are the token's first 8 bytes, the proxy's opaque handle for the pledge's address. Anyone else is
/// a direct pledge, whatever its token: the gateway's site, the pledge its address and port, the source its IP
/// address. So an unknown host cannot make itself a site with slots of its own, nor each token a pledge.
/// </summary>
public sealed class PledgeOrigins(string gatewaySite, IReadOnlyList<IPNetwork> joinProxies)
{
    /// <summary>Tokens a pledge uses are at most this long (RFC 7252); longer ones are a proxy's.</summary>
    public const int PlainTokenLength = 8;

    public string GatewaySite { get; } = gatewaySite;

    /// <summary>A gateway that trusts no join proxy (tests, a site without proxies).</summary>
    public static implicit operator PledgeOrigins(string gatewaySite) => new(gatewaySite, []);

    /// <summary>Parses <c>Gateway:JoinProxies</c> entries: an address ("192.0.2.7") or a prefix ("10.1.0.0/16").</summary>
    public static IReadOnlyList<IPNetwork> ParseJoinProxies(IEnumerable<string> entries) =>
        [.. entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).Select(e => e.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.Parse(e)
            : HostNetwork(IPAddress.Parse(e)))];

    // A single address is the network of just that address (/32, or /128 for IPv6).
    private static IPNetwork HostNetwork(IPAddress address) => new(address, address.GetAddressBytes().Length * 8);

    public PledgeOrigin Of(CoapRequest request)
    {
        var token = request.Message.Token.Span;
        var address = request.Peer.ToEndPoint().Address;
        if (token.Length > PlainTokenLength && IsJoinProxy(address))
        {
            string handle = Convert.ToHexStringLower(token[..PlainTokenLength]);
            return new PledgeOrigin($"proxy:{address}", handle, handle);
        }
        return new PledgeOrigin(GatewaySite, request.Peer.ToString(), address.ToString());
    }

    private bool IsJoinProxy(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in joinProxies)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
