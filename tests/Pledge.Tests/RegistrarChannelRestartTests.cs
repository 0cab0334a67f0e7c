using System.Net;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Gateway.Transport;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Pledge.Tests;

/// <summary>
/// A registrar that restarted between the blocks of its answer to an OSCORE request no longer holds that answer
/// (4.08 for block 1). The pledge does not send the same protected request again (a replay), it protects it anew and
/// gets the whole answer.
/// </summary>
public sealed class RegistrarChannelRestartTests : IAsyncLifetime
{
    private static readonly byte[] MasterSecret = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private CoapEndpoint _endpoint = null!;
    private UdpCoapTransport _transport = null!;

    public Task InitializeAsync()
    {
        _endpoint = new CoapEndpoint(new CoapEndpointOptions(), new ClientOnly(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        _transport = UdpCoapTransport.Start(_endpoint, new IPEndPoint(IPAddress.Loopback, 0), 1, 1 << 20, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _endpoint.Stop();
        await _transport.DisposeAsync();
    }

    [Fact]
    public async Task A_protected_answer_lost_between_its_blocks_is_asked_for_again_newly_protected_and_arrives_whole()
    {
        var registrar = new ProtectedRegistrar();
        LosesFirstRepresentation? store = null;
        await using var server = new TestCoapServer([], store: local => store = new LosesFirstRepresentation(local), protectedHandler: registrar);
        using var pledge = OscoreSecurityContext.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x02 }, new byte[] { 0x01 }),
            new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        var channel = new RegistrarChannel(new CoapClient(_endpoint, blockSize: 64), server.IPv4Peer);

        var answer = await channel.ProtectedExchangeAsync(pledge, "est/sen", [1, 2, 3]);

        Assert.True(store!.Lost);
        Assert.Equal(CoapCode.Changed, answer.Code);
        Assert.Equal(ProtectedRegistrar.Body, answer.Payload.ToArray());
        // Two requests, each verified once: the second a new protection (a new sequence number), not the first again.
        Assert.Equal(2, registrar.Verified);
        Assert.Equal(0, registrar.Replays);
    }

    /// <summary>The registrar's OSCORE side: verifies each request, answers 2.04 with a body longer than the server's block (1024 bytes).</summary>
    private sealed class ProtectedRegistrar : IProtectedRequestHandler
    {
        public static readonly byte[] Body = [.. Enumerable.Range(0, 1500).Select(i => (byte)(i * 13))];

        private readonly OscoreSecurityContext _context = OscoreSecurityContext.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x01 }, new byte[] { 0x02 }),
            new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);

        public int Verified { get; private set; }

        public int Replays { get; private set; }

        public async ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
        {
            var verified = _context.UnprotectRequest(request.Message);
            if (!verified.IsSuccess)
            {
                Replays++;
                return verified.Error.ToResponse(request.Message);
            }
            Verified++;
            var response = CoapResponses.Create(CoapCode.Changed, Body);
            var protection = await _context.ProtectResponseAsync(response, verified.Value.Binding, cancellationToken: cancellationToken);
            return protection.IsSuccess ? protection.Value.Message : protection.Error.ToResponse(request.Message);
        }
    }

    /// <summary>Block-wise state of a server that restarted once: the first Block2 representation asked for is gone.</summary>
    private sealed class LosesFirstRepresentation(LocalBlockwiseStore inner) : IBlockwiseStore
    {
        public bool Lost { get; private set; }

        public ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1) =>
            inner.AcceptBlock1Async(peer, requestKey, block, payload, size1);

        public ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer) => inner.AnswerBlock1Async(peer, completion, answer);

        public ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation) => inner.KeepRepresentationAsync(peer, requestKey, representation);

        public ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey)
        {
            if (!Lost)
            {
                Lost = true;
                return ValueTask.FromResult<CoapMessage?>(null);
            }
            return inner.FindRepresentationAsync(peer, requestKey);
        }
    }

    private sealed class ClientOnly : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "client only"));
    }
}
