using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>The exported state: complete, round-trips through bytes, never prints a secret.</summary>
public sealed class OscoreContextStateTests
{
    [Fact]
    public async Task A_restored_server_continues_exactly_where_it_stopped()
    {
        using var client = Create(C1Client);
        using var server = Create(C1Server, options: new OscoreContextOptions(ReplayWindowSize: 16, SequencePersistInterval: 5));
        var requests = new List<CoapMessage>();
        for (byte i = 0; i < 6; i++)
        {
            requests.Add(OverTheWire((await client.ProtectRequestAsync(CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x", new byte[] { i }))).Value!.Message));
        }
        Assert.True(server.UnprotectRequest(requests[0]).IsSuccess);
        Assert.True(server.UnprotectRequest(requests[3]).IsSuccess);

        var bytes = server.Export().ToBytes();
        Assert.True(OscoreContextState.TryFromBytes(bytes, out var state));
        using var restored = OscoreSecurityContext.Restore(state, new InMemoryOscoreSequenceNumberStore(), new CountingRandomSource(), replayWindowTrusted: true);

        Assert.Equal(bytes, restored.Export().ToBytes());
        Assert.Equal(16, state.ReplayWindowSize);
        Assert.Equal(5UL, state.SequencePersistInterval);
        Assert.Equal(OscoreErrorKind.ReplayDetected, restored.UnprotectRequest(requests[0]).Error?.Kind);
        Assert.Equal(OscoreErrorKind.ReplayDetected, restored.UnprotectRequest(requests[3]).Error?.Kind);
        Assert.True(restored.UnprotectRequest(requests[1]).IsSuccess);
        Assert.True(restored.UnprotectRequest(requests[5]).IsSuccess);
    }

    [Fact]
    public void Absent_and_empty_id_context_stay_distinct_through_bytes()
    {
        using var absent = Create(C1Client);
        using var empty = Create(C1Client with { IdContext = [] });

        Assert.True(OscoreContextState.TryFromBytes(absent.Export().ToBytes(), out var a));
        Assert.True(OscoreContextState.TryFromBytes(empty.Export().ToBytes(), out var e));

        Assert.Null(a.IdContext);
        Assert.NotNull(e.IdContext);
        Assert.Empty(e.IdContext);
    }

    [Fact]
    public void No_secret_appears_in_any_string_form()
    {
        using var context = Create(C1Client);
        var state = context.Export();
        var keys = OscoreKeyDerivation.Derive(C1Client);
        string[] secrets = [Hex(keys.SenderKey), Hex(keys.RecipientKey), Hex(MasterSecret)];

        foreach (string text in new[] { state.ToString(), context.ToString(), C1Client.ToString(), keys.ToString() })
        {
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Anything_but_an_exported_state_is_refused_without_an_exception()
    {
        using var context = Create(C1Client);
        var bytes = context.Export().ToBytes();

        Assert.False(OscoreContextState.TryFromBytes([], out _));
        Assert.False(OscoreContextState.TryFromBytes([0xff], out _));
        Assert.False(OscoreContextState.TryFromBytes(bytes[..^1], out _));
        Assert.False(OscoreContextState.TryFromBytes([.. bytes, 0x00], out _));
        for (int i = 0; i < bytes.Length; i++)
        {
            var mutated = bytes.ToArray();
            mutated[i] ^= 0x41;
            OscoreContextState.TryFromBytes(mutated, out _);   // may or may not decode, must not throw
        }
        var wrongKey = context.Export() with { SenderKey = new byte[15] };
        Assert.False(OscoreContextState.TryFromBytes(wrongKey.ToBytes(), out _));
    }

    [Fact]
    public void Invalid_parameters_are_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[8], new byte[] { 1 })));
        Assert.Throws<ArgumentException>(() => OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 1 }, new byte[] { 1 })));
        Assert.Throws<ArgumentException>(() => OscoreKeyDerivation.Derive(new OscoreContextParameters(Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 1 })));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(C1Client, options: new OscoreContextOptions(ReplayWindowSize: 65)));
    }

    [Fact]
    public async Task Seven_byte_sender_ids_work_end_to_end()
    {
        var clientId = new byte[] { 1, 2, 3, 4, 5, 6, 7 };
        var serverId = new byte[] { 7, 6, 5, 4, 3, 2, 1 };
        using var client = Create(new OscoreContextParameters(MasterSecret, clientId, serverId));
        using var server = Create(new OscoreContextParameters(MasterSecret, serverId, clientId));

        var request = (await client.ProtectRequestAsync(CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x"))).Value!;
        var verified = server.UnprotectRequest(OverTheWire(request.Message));

        Assert.True(verified.IsSuccess);
        Assert.Equal(clientId, verified.Value.Binding.RequestKid);
    }
}
