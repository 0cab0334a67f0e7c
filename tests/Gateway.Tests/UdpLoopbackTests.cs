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
    public async Task An_error_answer_too_large_for_one_block_arrives_whole()
    {
        var response = await new CoapClient(_clientEndpoint, blockSize: 64).SendAsync(_server.IPv4Peer, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/refuse"));

        Assert.Equal(CoapCode.Forbidden, response.Code);
        Assert.Equal(LargeRefusal.Body, response.Payload.ToArray());
        Assert.False(response.HasOption(CoapOptionNumber.Block2));
    }

    // A refusal with a body (a signed CMC failure is one): longer than a block.
    private sealed class LargeRefusal : Resources.CoapResource
    {
        public static readonly byte[] Body = [.. Enumerable.Range(0, 1500).Select(i => (byte)(i * 11))];

        public LargeRefusal()
            : base("refuse")
        {
        }

        protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Create(CoapCode.Forbidden, Body, CoapContentFormat.Pkcs7CmcResponse));
    }

    private sealed class Unserved : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "client only"));
    }
}
