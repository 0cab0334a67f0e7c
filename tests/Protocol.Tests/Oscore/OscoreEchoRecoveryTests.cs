using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>
/// RFC 8613 appendix B.1.2 with RFC 9175: a server restarted without a trustworthy replay window
/// challenges with Echo and initialises the window from the first request that returns it.
/// </summary>
public sealed class OscoreEchoRecoveryTests
{
    private static CoapMessage Post(byte token) => CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/est/sen", new byte[] { token });

    private static async Task<(OscoreSecurityContext Client, OscoreSecurityContext Server, List<CoapMessage> Sent)> RestartedServerAsync()
    {
        var client = Create(C1Client);
        var server = Create(C1Server);
        var sent = new List<CoapMessage>();
        for (byte i = 0; i < 3; i++)
        {
            var request = (await client.ProtectRequestAsync(Post(i))).Value!;
            sent.Add(OverTheWire(request.Message));
            Assert.True(server.UnprotectRequest(sent[^1]).IsSuccess);
        }
        // The window was not persisted after the last requests: restart without trusting it.
        var restarted = OscoreSecurityContext.Restore(server.Export(), new InMemoryOscoreSequenceNumberStore(), new CountingRandomSource(), replayWindowTrusted: false);
        server.Dispose();
        return (client, restarted, sent);
    }

    [Fact]
    public async Task The_first_request_after_the_restart_gets_a_protected_4_01_with_echo_and_is_not_delivered()
    {
        var (client, server, _) = await RestartedServerAsync();
        using var c = client;
        using var s = server;
        var request = (await client.ProtectRequestAsync(Post(9))).Value!;

        var result = server.UnprotectRequest(OverTheWire(request.Message));

        Assert.Equal(OscoreErrorKind.FreshnessUnverified, result.Error?.Kind);
        var challenge = result.Error!.EchoChallenge!;
        Assert.Equal(CoapCode.Unauthorized, challenge.Response.Code);
        Assert.False(challenge.Binding.FreshnessVerified);
        Assert.Equal("0102030405060708", Hex(challenge.Response.GetOptions(CoapOptionNumber.Echo).Single().Value.Span));
        Assert.False(server.IsReplayWindowInitialised);

        // Protected with the server's own Partial IV even though none was asked for; Echo is encrypted.
        var protectedChallenge = (await server.ProtectResponseAsync(challenge.Response, challenge.Binding)).Value!;
        Assert.NotNull(protectedChallenge.Option.PartialIv);
        Assert.False(protectedChallenge.Message.HasOption(CoapOptionNumber.Echo));
        var seenByClient = client.UnprotectResponse(OverTheWire(protectedChallenge.Message), request.Binding).Value!;
        Assert.Equal(CoapCode.Unauthorized, seenByClient.Code);
        Assert.Equal("0102030405060708", Hex(seenByClient.GetOptions(CoapOptionNumber.Echo).Single().Value.Span));
    }

    [Fact]
    public async Task A_request_returning_the_echo_is_accepted_and_sets_the_lower_limit_of_the_window()
    {
        var (client, server, sent) = await RestartedServerAsync();
        using var c = client;
        using var s = server;
        var first = (await client.ProtectRequestAsync(Post(9))).Value!;
        var echo = server.UnprotectRequest(OverTheWire(first.Message)).Error!.EchoChallenge!.Response.GetOptions(CoapOptionNumber.Echo).Single();

        var retry = Post(9);
        retry.AddOption(echo);
        var protectedRetry = (await client.ProtectRequestAsync(retry)).Value!;
        var verified = server.UnprotectRequest(OverTheWire(protectedRetry.Message));

        Assert.True(verified.IsSuccess, verified.ToString());
        Assert.False(verified.Value.Message.HasOption(CoapOptionNumber.Echo));
        Assert.True(verified.Value.Binding.FreshnessVerified);
        Assert.True(server.IsReplayWindowInitialised);
        // Everything before the verified request is now refused, including the first (challenged) one and old ones.
        Assert.Equal(OscoreErrorKind.ReplayDetected, server.UnprotectRequest(OverTheWire(first.Message)).Error?.Kind);
        Assert.Equal(OscoreErrorKind.ReplayDetected, server.UnprotectRequest(sent[2]).Error?.Kind);
        Assert.Equal(OscoreErrorKind.ReplayDetected, server.UnprotectRequest(OverTheWire(protectedRetry.Message)).Error?.Kind);
        // And new requests flow normally.
        Assert.True(server.UnprotectRequest(OverTheWire((await client.ProtectRequestAsync(Post(10))).Value!.Message)).IsSuccess);
    }

    [Fact]
    public async Task Replays_of_old_requests_never_get_through_while_the_window_is_lost()
    {
        var (client, server, sent) = await RestartedServerAsync();
        using var c = client;
        using var s = server;

        foreach (var old in sent)
        {
            var result = server.UnprotectRequest(old);
            Assert.Equal(OscoreErrorKind.FreshnessUnverified, result.Error?.Kind);
        }
        Assert.False(server.IsReplayWindowInitialised);
    }

    [Fact]
    public async Task A_wrong_echo_is_challenged_again_with_the_same_pending_value()
    {
        var (client, server, _) = await RestartedServerAsync();
        using var c = client;
        using var s = server;
        var first = server.UnprotectRequest(OverTheWire((await client.ProtectRequestAsync(Post(1))).Value!.Message)).Error!.EchoChallenge!;

        var wrong = Post(2);
        wrong.AddOption(new CoapOption(CoapOptionNumber.Echo, new byte[] { 9, 9, 9, 9, 9, 9, 9, 9 }));
        var second = server.UnprotectRequest(OverTheWire((await client.ProtectRequestAsync(wrong)).Value!.Message));

        Assert.Equal(OscoreErrorKind.FreshnessUnverified, second.Error?.Kind);
        Assert.Equal(first.Response.GetOptions(CoapOptionNumber.Echo).Single(), second.Error!.EchoChallenge!.Response.GetOptions(CoapOptionNumber.Echo).Single());
        Assert.False(server.IsReplayWindowInitialised);
    }

    [Fact]
    public async Task The_pending_echo_survives_an_export_and_restore()
    {
        var (client, server, _) = await RestartedServerAsync();
        using var c = client;
        var echo = server.UnprotectRequest(OverTheWire((await client.ProtectRequestAsync(Post(1))).Value!.Message)).Error!.EchoChallenge!
            .Response.GetOptions(CoapOptionNumber.Echo).Single();
        Assert.True(OscoreContextState.TryFromBytes(server.Export().ToBytes(), out var state));
        server.Dispose();
        using var again = OscoreSecurityContext.Restore(state, new InMemoryOscoreSequenceNumberStore(), new CountingRandomSource(), replayWindowTrusted: true);

        var retry = Post(2);
        retry.AddOption(echo);

        Assert.True(again.UnprotectRequest(OverTheWire((await client.ProtectRequestAsync(retry)).Value!.Message)).IsSuccess);
    }
}
