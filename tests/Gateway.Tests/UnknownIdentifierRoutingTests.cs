using System.Net;
using System.Text;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Grains.Edhoc;
using Eals.Grains.Oscore;
using Eals.Grains.Routing;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;
using Eals.Protocol.Oscore;

namespace Eals.Gateway.Tests;

/// <summary>
/// The gateway routes a connection identifier or kid by the registrar's tag: a tagged one goes to its grain; any other
/// only after the storage check says it is stored; one nobody issued gets the specified error and no grain under it is asked.
/// </summary>
public sealed class UnknownIdentifierRoutingTests
{
    private static readonly PeerAddress Pledge = PeerAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 40000));

    private static readonly RoutingKeys Keys = new(Enumerable.Repeat((byte)7, RoutingKeys.SecretLength).ToArray());

    private static readonly byte[] Tagged = TaggedConnectionId.Create(Keys.ConnectionIdTag, TaggedConnectionId.MaxLength, SystemRandomSource.Instance);

    private static readonly byte[] Untagged = [1, 2, 3, 4, 5];

    private readonly List<string> _calls = [];

    private static readonly ProtectedAnswer Served = new(CoapMessageSerializer.Serialize(CoapResponses.Create(CoapCode.Changed, Array.Empty<byte>(), null)));

    private EdhocResource Edhoc(Dictionary<string, object?> answers) =>
        new(RecordingGrainFactory.Create(_calls, answers), "site-a", new ContextOwners(TimeProvider.System), Keys);

    private SecurityContextForwarder Forwarder(Dictionary<string, object?> answers) =>
        new(RecordingGrainFactory.Create(_calls, answers), "site-a", new ContextOwners(TimeProvider.System), Keys);

    private static CoapRequest Continuation(byte[] connectionId)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        request.Payload = EdhocCoapTransport.ContinuationRequest(connectionId, [0x58, 0x20, .. new byte[32]]);
        return new CoapRequest(Pledge, request);
    }

    private static CoapRequest Protected(byte[] kid, byte[]? kidContext = null)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "");
        request.AddOption(new CoapOption(CoapOptionNumber.Oscore, new OscoreOptionValue([1], kidContext, kid).Encode()));
        request.Payload = new byte[20];
        return new CoapRequest(Pledge, request);
    }

    [Fact]
    public async Task An_untagged_connection_identifier_nobody_stored_gets_the_no_session_error_from_the_gateway()
    {
        var response = await Edhoc(new() { ["SessionStoredAsync"] = false }).HandleAsync(Continuation(Untagged), CancellationToken.None);

        Assert.Equal(CoapCode.NotFound, response.Code);
        Assert.Equal(CoapContentFormat.EdhocCborSeq, response.ContentFormat);
        Assert.Equal(EdhocReply.NoSession().Payload, response.Payload.ToArray());
        Assert.True(EdhocErrorMessage.Decode(response.Payload.ToArray()).IsSuccess);
        Assert.Equal(["IStoredIdentifierGrain.SessionStoredAsync"], _calls);
    }

    [Fact]
    public async Task An_untagged_connection_identifier_of_a_stored_session_goes_to_the_session()
    {
        var reply = new EdhocReply(EdhocReply.Changed, [1, 2, 3], CoapContentFormat.EdhocCborSeq);
        var response = await Edhoc(new() { ["SessionStoredAsync"] = true, ["ContinueAsync"] = reply }).HandleAsync(Continuation(Untagged), CancellationToken.None);

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(["IStoredIdentifierGrain.SessionStoredAsync", "IEdhocSessionGrain.ContinueAsync"], _calls);
    }

    [Fact]
    public async Task A_tagged_connection_identifier_goes_straight_to_its_session()
    {
        var reply = new EdhocReply(EdhocReply.Changed, [1, 2, 3], CoapContentFormat.EdhocCborSeq);
        var response = await Edhoc(new() { ["ContinueAsync"] = reply }).HandleAsync(Continuation(Tagged), CancellationToken.None);

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(["IEdhocSessionGrain.ContinueAsync"], _calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kid_nobody_stored_gets_4_01_security_context_not_found_from_the_gateway(bool withKidContext)
    {
        var response = await Forwarder(new() { ["FindContextAsync"] = StoredContext.None })
            .HandleAsync(Protected(Untagged, withKidContext ? [9, 9, 9, 9] : null), CancellationToken.None);

        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.Equal("Security context not found", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(["IStoredIdentifierGrain.FindContextAsync"], _calls);
    }

    [Fact]
    public async Task A_tagged_kid_with_a_kid_context_is_checked_in_storage_too()
    {
        // A pre-shared key's kid is the operator's: the tag says nothing about it.
        var response = await Forwarder(new() { ["FindContextAsync"] = StoredContext.None }).HandleAsync(Protected(Tagged, [9, 9]), CancellationToken.None);

        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.Equal(["IStoredIdentifierGrain.FindContextAsync"], _calls);
    }

    [Fact]
    public async Task A_stored_untagged_kid_goes_to_the_pledge_that_owns_it_or_to_its_context_grain()
    {
        var ownedAnswer = Served with { Owner = "SERIAL-1" };
        var owned = await Forwarder(new() { ["FindContextAsync"] = new StoredContext(true, "SERIAL-1"), ["HandleProtectedAsync"] = ownedAnswer })
            .HandleAsync(Protected(Untagged), CancellationToken.None);
        Assert.Equal(CoapCode.Changed, owned.Code);
        Assert.Equal(["IStoredIdentifierGrain.FindContextAsync", "IPledgeGrain.HandleProtectedAsync"], _calls);

        _calls.Clear();
        var context = await Forwarder(new() { ["FindContextAsync"] = new StoredContext(true, null), ["HandleAsync"] = Served })
            .HandleAsync(Protected(Untagged), CancellationToken.None);
        Assert.Equal(CoapCode.Changed, context.Code);
        Assert.Equal(["IStoredIdentifierGrain.FindContextAsync", "ISecurityContextGrain.HandleAsync"], _calls);
    }

    [Fact]
    public async Task A_tagged_kid_goes_to_its_context_grain_without_a_storage_check()
    {
        var response = await Forwarder(new() { ["HandleAsync"] = Served }).HandleAsync(Protected(Tagged), CancellationToken.None);

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(["ISecurityContextGrain.HandleAsync"], _calls);
    }
}
