using System.Net;
using System.Net.Sockets;
using Eals.Gateway.Transport;

namespace Eals.Gateway.Tests;

public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 5683)]
    [InlineData("192.0.2.77", 1)]
    [InlineData("::1", 65535)]
    [InlineData("2001:db8::1:2:3", 40001)]
    public void Round_trips_through_socket_addresses(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);

        var peer = PeerAddress.FromEndPoint(endPoint);
        var written = PeerAddress.CreateSocketAddress(endPoint.AddressFamily);
        peer.WriteTo(written);

        Assert.Equal(endPoint, peer.ToEndPoint());
        Assert.Equal(endPoint.Serialize(), written);
        Assert.Equal(endPoint.AddressFamily, peer.Family);
    }

    [Fact]
    public void Equal_endpoints_are_equal_peers_and_others_are_not()
    {
        var a = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1000));
        var b = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1000));
        var otherPort = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1001));
        var mapped = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 1000));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, otherPort);
        Assert.NotEqual(a, mapped); // different sockets: an IPv4 peer and an IPv4-mapped IPv6 peer are not the same
        Assert.Equal(AddressFamily.InterNetworkV6, mapped.Family);
    }
}
