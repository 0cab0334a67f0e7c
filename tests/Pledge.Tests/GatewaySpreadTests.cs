using System.Text;
using Eals.Gateway.Transport;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;

namespace Eals.Pledge.Tests;

/// <summary>
/// The fleet's spread of one pledge over several gateways: requests go anywhere, but the ACK of a gateway's
/// separate response goes back to that gateway, or it would hold its next separate response to the pledge for
/// a whole retransmission budget (the three-silo benchmark's 93 s stalls).
/// </summary>
public sealed class GatewaySpreadTests
{
    private static readonly PeerAddress[] Gateways = [Peer(5683), Peer(5684), Peer(5685)];

    [Fact]
    public void An_ack_or_reset_goes_to_the_gateway_whose_message_it_answers()
    {
        var spread = new GatewaySpread(Gateways);
        Assert.Equal(spread.Registrar, spread.Inbound(Gateways[1], Header(CoapMessageType.Confirmable, 0x1234)));
        Assert.Equal(spread.Registrar, spread.Inbound(Gateways[2], Header(CoapMessageType.NonConfirmable, 0x0007)));
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Gateways[1], spread.Outbound(spread.Registrar, Header(CoapMessageType.Acknowledgement, 0x1234)));
            Assert.Equal(Gateways[2], spread.Outbound(spread.Registrar, Header(CoapMessageType.Reset, 0x0007)));
        }
    }

    [Fact]
    public void Requests_are_spread_over_every_gateway_and_other_peers_are_left_alone()
    {
        var spread = new GatewaySpread(Gateways);
        // An ACK received from a gateway (to one of our requests) marks nothing: our next request still goes anywhere.
        spread.Inbound(Gateways[0], Header(CoapMessageType.Acknowledgement, 0x0100));
        var used = Enumerable.Range(0, 300).Select(_ => spread.Outbound(spread.Registrar, Header(CoapMessageType.Confirmable, 0x0100))).ToHashSet();
        Assert.Equal(Gateways.ToHashSet(), used);
        var other = Peer(9999);
        Assert.Equal(other, spread.Outbound(other, Header(CoapMessageType.Acknowledgement, 0x1234)));
        Assert.Equal(other, spread.Inbound(other, Header(CoapMessageType.Confirmable, 0x1234)));
    }

    [Fact]
    public void Spread_per_pledge_keeps_each_pledges_requests_on_one_gateway()
    {
        var spread = new GatewaySpread(Gateways, GatewaySpreading.Pledge);
        var pinned = new HashSet<PeerAddress>();
        for (int pledge = 0; pledge < 100; pledge++)
        {
            spread.NextPledge();
            var first = spread.Outbound(spread.Registrar, Header(CoapMessageType.Confirmable, (ushort)pledge));
            for (int request = 0; request < 10; request++)
            {
                Assert.Equal(first, spread.Outbound(spread.Registrar, Header(CoapMessageType.Confirmable, (ushort)(pledge * 10 + request))));
            }
            pinned.Add(first);
        }
        // New pledges land on every gateway.
        Assert.Equal(Gateways.ToHashSet(), pinned);
    }

    [Fact]
    public async Task Separate_responses_from_several_gateways_are_each_acknowledged_to_their_sender()
    {
        // Each gateway answers after 800 ms, so every answer is a separate response (an empty ACK first, after 500 ms).
        var servers = Enumerable.Range(0, 3).Select(_ => new TestCoapServer([new TextResource("slow", "ok", TimeSpan.FromMilliseconds(800))])).ToList();
        try
        {
            await using var connection = await RegistrarConnection.OpenAsync(servers.Select(s => new Uri(s.Uri(""))).ToList());
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            for (int i = 0; i < 6; i++)
            {
                var response = await connection.Client.SendAsync(connection.Registrar, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "slow"), bound.Token);
                Assert.Equal("ok", Encoding.UTF8.GetString(response.Payload.Span));
            }
            Assert.Equal(6, servers.Sum(s => s.Endpoint.Statistics.SeparateResponses));
            // Every separate response was acknowledged at its first transmission: none was sent again, none is outstanding.
            Assert.Equal(0, servers.Sum(s => s.Endpoint.Statistics.Retransmissions));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static PeerAddress Peer(int port) => PeerAddress.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));

    private static byte[] Header(CoapMessageType type, ushort messageId)
    {
        var bytes = new byte[4];
        bytes[0] = (byte)(0x40 | ((int)type << 4));
        bytes[1] = type is CoapMessageType.Confirmable or CoapMessageType.NonConfirmable ? (byte)0x01 : (byte)0x00;
        bytes[2] = (byte)(messageId >> 8);
        bytes[3] = (byte)messageId;
        return bytes;
    }
}
