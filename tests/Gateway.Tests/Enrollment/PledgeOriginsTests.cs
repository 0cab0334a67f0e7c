using System.Net;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests.Enrollment;

/// <summary>Only configured join proxies get a site of their own and their pledges counted by handle.</summary>
public sealed class PledgeOriginsTests
{
    private static readonly byte[] ExtendedToken = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    private static CoapRequest From(string address, int port, byte[] token) =>
        new(PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port)),
            CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc", token));

    private static readonly PledgeOrigins Origins = new("gw:5683", PledgeOrigins.ParseJoinProxies(["10.0.0.7", "192.168.8.0/24", "fd00::/64"]));

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("192.168.8.200")]
    [InlineData("fd00::42")]
    public void An_extended_token_from_a_configured_join_proxy_is_its_pledge_at_the_proxy_site(string proxy)
    {
        var origin = Origins.Of(From(proxy, 5683, ExtendedToken));
        Assert.Equal(new PledgeOrigin($"proxy:{proxy}", "0102030405060708", "0102030405060708"), origin);
    }

    [Theory]
    [InlineData("10.0.0.8")]
    [InlineData("192.168.9.1")]
    [InlineData("127.0.0.2")]
    public void An_extended_token_from_anyone_else_is_a_direct_pledge_of_the_gateway_site_counted_by_its_address(string host)
    {
        var origin = Origins.Of(From(host, 40000, ExtendedToken));
        Assert.Equal("gw:5683", origin.Site);
        Assert.Equal(host, origin.Source);
        // Every port of that host is a pledge of its own, but all of them count against the one source.
        Assert.NotEqual(origin.Pledge, Origins.Of(From(host, 40001, ExtendedToken)).Pledge);
        Assert.Equal(origin.Source, Origins.Of(From(host, 40001, ExtendedToken)).Source);
    }

    [Fact]
    public void A_plain_token_from_a_configured_proxy_is_the_proxy_itself_as_a_direct_client()
    {
        var origin = Origins.Of(From("10.0.0.7", 5683, [1, 2, 3, 4]));
        Assert.Equal(("gw:5683", "10.0.0.7"), (origin.Site, origin.Source));
    }

    [Fact]
    public void No_proxy_is_trusted_by_default()
    {
        PledgeOrigins none = "gw:5683";
        Assert.Equal("gw:5683", none.Of(From("10.0.0.7", 5683, ExtendedToken)).Site);
    }
}
