using System.Net;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests.Ace;

/// <summary>/authz-info at the gateway: bad requests are answered without a grain call; a cluster that cannot answer gets 5.03 + Max-Age.</summary>
public sealed class AuthzInfoResourceTests
{
    private static readonly PeerAddress Pledge = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 40001));

    private static CoapRequest Post(byte[] body, ushort? contentFormat)
    {
        var message = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "authz-info");
        message.Payload = body;
        if (contentFormat is { } format)
        {
            message.SetUInt(CoapOptionNumber.ContentFormat, format);
        }
        return new CoapRequest(Pledge, message);
    }

    [Theory]
    [InlineData(CoapContentFormat.Cbor, 0x8F)]    // another Content-Format: 4.15
    [InlineData(CoapContentFormat.AceCbor, 0x80)] // empty body: 4.00
    public async Task A_bad_request_is_refused_without_asking_the_cluster(ushort contentFormat, byte expected)
    {
        // Any grain call would throw: the answer must come from the gateway alone.
        var resource = new AuthzInfoResource(FailingGrainFactory.Throwing(() => new InvalidOperationException("no grain may be called")), "test-site");
        byte[] body = expected == 0x80 ? [] : [0xA0];

        var response = await resource.HandleAsync(Post(body, contentFormat), CancellationToken.None);

        Assert.Equal(new CoapCode(expected), response.Code);
        Assert.False(response.Payload.IsEmpty);
    }

    [Fact]
    public async Task A_post_the_cluster_cannot_answer_gets_5_03_with_max_age()
    {
        var resource = new AuthzInfoResource(FailingGrainFactory.Throwing(() => new TimeoutException("Response did not arrive on time")), "test-site");

        var response = await resource.HandleAsync(Post([0xA0], CoapContentFormat.AceCbor), CancellationToken.None);

        Assert.Equal(CoapCode.ServiceUnavailable, response.Code);
        Assert.True(response.TryGetUInt(CoapOptionNumber.MaxAge, out var maxAge));
        Assert.Equal(ClusterUnavailable.RetryAfterSeconds, maxAge);
    }
}
