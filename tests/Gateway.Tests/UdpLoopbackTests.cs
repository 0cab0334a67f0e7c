using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using System.Net;

namespace Eals.Gateway.Tests;

/// <summary>The gateway stack over real UDP sockets on loopback, driven by our own client endpoint.</summary>
public sealed class UdpLoopbackTests : IAsyncLifetime
{
    private readonly EchoResource _echo = new();
    private readonly TextResource _hello = new("hello", "Hello, CoAP");
    private readonly LargeRefusal _refusal = new();
    private TestCoapServer _server = null!;
    private CoapEndpoint _clientEndpoint = null!;
    private UdpCoapTransport _clientTransport = null!;

    public Task InitializeAsync()
    {
        _server = new TestCoapServer([_echo, _hello, _refusal]);
        _clientEndpoint = new CoapEndpoint(new CoapEndpointOptions(), new Unserved(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        _clientTransport = UdpCoapTransport.Start(_clientEndpoint, new IPEndPoint(IPAddress.Loopback, 0), 1, 1 << 20, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _clientEndpoint.Stop();
        await _clientTransport.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Get_returns_piggybacked_content()
    {
        var response = await new CoapClient(_clientEndpoint).SendAsync(_server.IPv4Peer, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/hello"));

        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(CoapMessageType.Acknowledgement, response.Type);
        Assert.Equal("Hello, CoAP", Encoding.UTF8.GetString(response.Payload.Span));
    }

    [Fact]
    public async Task Large_body_goes_out_in_Block1_and_comes_back_in_Block2()
    {
        var body = Enumerable.Range(0, 3072).Select(i => (byte)(i * 7)).ToArray();
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/echo");
        request.Payload = body;

        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(_server.IPv4Peer, request);

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(body, response.Payload.ToArray());
        Assert.Equal(1, _echo.Calls);
        Assert.Equal(0, _server.LocalStore.ActiveBlock1Transfers);
    }

    [Fact]
    public async Task A_Block1_transfer_the_server_lost_midway_is_restarted_once_and_completes()
    {
        var echo = new EchoResource();
        ForgetfulBlockwiseStore? forgetful = null;
        await using var server = new TestCoapServer([echo], store: local =>
            forgetful = new ForgetfulBlockwiseStore(local, () => new LocalBlockwiseStore(new CoapEndpointOptions(), TimeProvider.System)));
        var body = Enumerable.Range(0, 300).Select(i => (byte)(i * 3)).ToArray();
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/echo");
        request.Payload = body;

        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(server.IPv4Peer, request);

        Assert.True(forgetful!.Forgot); // block 1 was answered 4.08
        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(body, response.Payload.ToArray());
        Assert.Equal(1, echo.Calls);
    }

    [Fact]
    public async Task A_Block1_transfer_the_server_loses_twice_is_restarted_from_block_0_each_time_and_completes()
    {
        var echo = new EchoResource();
        ForgetfulBlockwiseStore? forgetful = null;
        await using var server = new TestCoapServer([echo], store: local =>
            forgetful = new ForgetfulBlockwiseStore(local, () => new LocalBlockwiseStore(new CoapEndpointOptions(), TimeProvider.System), block1Times: 2));
        var body = Enumerable.Range(0, 300).Select(i => (byte)(i * 5)).ToArray();
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/echo");
        request.Payload = body;

        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(server.IPv4Peer, request);

        Assert.Equal(2, forgetful!.Losses);
        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(body, response.Payload.ToArray());
        Assert.Equal(1, echo.Calls);
    }

    [Fact]
    public async Task A_Block2_answer_the_server_lost_midway_is_fetched_again_from_block_0_and_arrives_whole()
    {
        var refusal = new LargeRefusal();
        ForgetfulBlockwiseStore? forgetful = null;
        await using var server = new TestCoapServer([refusal], store: local =>
            forgetful = new ForgetfulBlockwiseStore(local, () => new LocalBlockwiseStore(new CoapEndpointOptions(), TimeProvider.System), block1Times: 0, block2Times: 1));

        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(server.IPv4Peer, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/refuse"));

        Assert.Equal(1, forgetful!.Losses); // block 1 of the first answer was answered 4.08
        Assert.Equal(CoapCode.Forbidden, response.Code);
        Assert.Equal(LargeRefusal.Body, response.Payload.ToArray());
        Assert.Equal(2, refusal.Calls);
    }

    [Fact]
    public async Task A_server_that_keeps_losing_the_transfer_ends_it_with_its_4_08_after_the_bounded_restarts()
    {
        var echo = new EchoResource();
        ForgetfulBlockwiseStore? forgetful = null;
        await using var server = new TestCoapServer([echo], store: local =>
            forgetful = new ForgetfulBlockwiseStore(local, () => new LocalBlockwiseStore(new CoapEndpointOptions(), TimeProvider.System), block1Times: int.MaxValue));
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/echo");
        request.Payload = new byte[300];
        var client = new CoapClient(_clientEndpoint, blockSize: 64) { MaxTransferRestarts = 2 };

        var response = await client.SendAsync(server.IPv4Peer, request);

        Assert.Equal(CoapCode.RequestEntityIncomplete, response.Code);
        Assert.Equal(3, forgetful!.Losses); // the first transfer and its two restarts
        Assert.Equal(0, echo.Calls);
    }

    [Fact]
    public async Task A_lost_Block2_answer_to_an_oscore_request_goes_back_to_the_caller_instead_of_a_replayed_request()
    {
        var refusal = new LargeRefusal();
        await using var server = new TestCoapServer([], store: local =>
            new ForgetfulBlockwiseStore(local, () => new LocalBlockwiseStore(new CoapEndpointOptions(), TimeProvider.System), block1Times: 0, block2Times: 1),
            protectedHandler: refusal);
        // The handler here does not check OSCORE; the option alone tells the client the bytes are protected.
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/refuse");
        request.AddOption(new CoapOption(CoapOptionNumber.Oscore, new byte[] { 0x09, 0x01, 0x07 }));

        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(server.IPv4Peer, request);

        Assert.Equal(CoapCode.RequestEntityIncomplete, response.Code);
        Assert.Equal(1, refusal.Calls);
    }

    [Fact]
    public async Task An_error_answer_too_large_for_one_block_arrives_whole()
    {
        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(_server.IPv4Peer, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/refuse"));

        Assert.Equal(CoapCode.Forbidden, response.Code);
        Assert.Equal(LargeRefusal.Body, response.Payload.ToArray());
        Assert.False(response.HasOption(CoapOptionNumber.Block2));
    }

    // A refusal with a body (a signed CMC failure is one): longer than a block.
    private sealed class LargeRefusal : Resources.CoapResource, Resources.IProtectedRequestHandler
    {
        public static readonly byte[] Body = [.. Enumerable.Range(0, 1500).Select(i => (byte)(i * 11))];

        public LargeRefusal()
            : base("refuse")
        {
        }

        public int Calls { get; private set; }

        protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(CoapResponses.Create(CoapCode.Forbidden, Body, CoapContentFormat.Pkcs7CmcResponse));
        }

        ValueTask<CoapMessage> Resources.IProtectedRequestHandler.HandleAsync(CoapRequest request, CancellationToken cancellationToken) => OnPostAsync(request, cancellationToken);
    }

    private sealed class Unserved : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "client only"));
    }
}
