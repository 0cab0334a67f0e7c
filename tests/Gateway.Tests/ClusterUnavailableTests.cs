using System.Net;
using System.Reflection;
using System.Text;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Oscore;

namespace Eals.Gateway.Tests;

/// <summary>
/// While a silo is dying (killed, not yet declared dead by membership) grain calls fail with a timeout or a
/// rejected message. The gateway answers those 5.03 with Max-Age, which a pledge waits out and repeats,
/// instead of 5.00, which ends the pledge's attempt; a real fault inside a grain stays a 5.00.
/// </summary>
public sealed class ClusterUnavailableTests
{
    private static readonly PeerAddress Pledge = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 40000));

    private static readonly RoutingKeys Keys = new(new byte[RoutingKeys.SecretLength]);

    public static TheoryData<string> TransientFailures => new() { "timeout", "rejected", "silo-unavailable", "gateway-busy" };

    private static Exception Failure(string kind) => kind switch
    {
        "timeout" => new TimeoutException("Response did not arrive on time in 00:00:30"),
        // What the client throws when the connection to the silo is refused (its constructor is internal).
        "rejected" => (Exception)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null, ["Unable to connect to S127.0.0.1:36987"], null)!,
        "silo-unavailable" => new SiloUnavailableException("silo is dead"),
        "gateway-busy" => new GatewayTooBusyException(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task An_edhoc_trigger_the_cluster_cannot_answer_gets_5_03_with_max_age(string kind)
    {
        var resource = new EdhocResource(FailingGrainFactory.Throwing(() => Failure(kind)), "site-a", new ContextOwners(TimeProvider.System), Keys);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");

        var response = await resource.HandleAsync(new CoapRequest(Pledge, request), CancellationToken.None);

        Assert.Equal(CoapCode.ServiceUnavailable, response.Code);
        Assert.True(response.TryGetUInt(CoapOptionNumber.MaxAge, out var maxAge));
        Assert.Equal(ClusterUnavailable.RetryAfterSeconds, maxAge);
        Assert.Contains("try again", Encoding.UTF8.GetString(response.Payload.Span));
    }

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task An_oscore_request_whose_context_grain_cannot_be_reached_gets_5_03_with_max_age(string kind)
    {
        var forwarder = new SecurityContextForwarder(FailingGrainFactory.Throwing(() => Failure(kind)), "test-site", new ContextOwners(TimeProvider.System), Keys);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/est/sen");
        request.AddOption(new CoapOption(CoapOptionNumber.Oscore, new OscoreOptionValue(new byte[] { 1 }, null, TaggedConnectionId.Create(Keys.ConnectionIdTag, TaggedConnectionId.MaxLength, SystemRandomSource.Instance)).Encode()));

        var response = await forwarder.HandleAsync(new CoapRequest(Pledge, request), CancellationToken.None);

        Assert.Equal(CoapCode.ServiceUnavailable, response.Code);
        Assert.True(response.TryGetUInt(CoapOptionNumber.MaxAge, out _));
    }

    [Fact]
    public async Task A_fault_inside_a_grain_is_not_disguised_as_a_temporary_one()
    {
        var resource = new EdhocResource(FailingGrainFactory.Throwing(() => new InvalidOperationException("bug")), "site-a", new ContextOwners(TimeProvider.System), Keys);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await resource.HandleAsync(new CoapRequest(Pledge, request), CancellationToken.None));
    }
}
