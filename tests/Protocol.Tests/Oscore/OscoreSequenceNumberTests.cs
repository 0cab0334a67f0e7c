using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>RFC 8613 section 7.2.1 and appendix B.1.1: sequence numbers are persisted ahead of use and never reused or wrapped.</summary>
public sealed class OscoreSequenceNumberTests
{
    private static CoapMessage Get() => CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x", new byte[] { 1 });

    [Fact]
    public async Task The_ceiling_is_persisted_before_the_first_use_and_then_every_k_messages()
    {
        var store = new InMemoryOscoreSequenceNumberStore();
        using var client = Create(C1Client, store, new OscoreContextOptions(SequencePersistInterval: 10));
        Assert.Null(store.PersistedCeiling);

        await client.ProtectRequestAsync(Get());
        Assert.Equal(10UL, store.PersistedCeiling);
        Assert.Equal(1, store.PersistCount);

        for (int i = 1; i < 10; i++)
        {
            await client.ProtectRequestAsync(Get());
        }
        Assert.Equal(1, store.PersistCount);           // numbers 0..9 were covered by the ceiling 10

        await client.ProtectRequestAsync(Get());       // number 10 needs a new ceiling first
        Assert.Equal(20UL, store.PersistedCeiling);
        Assert.Equal(2, store.PersistCount);
    }

    [Fact]
    public async Task A_failed_persist_uses_no_number_and_the_next_attempt_resumes()
    {
        var store = new InMemoryOscoreSequenceNumberStore { FailNextWith = new IOException("disk full") };
        using var client = Create(C1Client, store);

        await Assert.ThrowsAsync<IOException>(async () => await client.ProtectRequestAsync(Get()));
        Assert.Equal(0UL, client.SenderSequenceNumber);
        Assert.Null(store.PersistedCeiling);

        var result = await client.ProtectRequestAsync(Get());
        Assert.Equal("00", Hex(result.Value!.Option.PartialIv));
    }

    [Fact]
    public async Task After_a_restart_the_sender_resumes_at_the_persisted_ceiling_and_never_reuses_a_nonce()
    {
        var store = new InMemoryOscoreSequenceNumberStore();
        var options = new OscoreContextOptions(SequencePersistInterval: 8);
        var nonces = new HashSet<string>();
        OscoreContextState snapshot;
        using (var before = Create(C1Client, store, options))
        {
            snapshot = before.Export();            // the grain's last stored state, taken early
            for (int i = 0; i < 13; i++)
            {
                Assert.True(nonces.Add(Hex((await before.ProtectRequestAsync(Get())).Value!.Nonce)));
            }
        }

        // Crash: the stale snapshot says sequence number 0, the store says 16.
        using var after = OscoreSecurityContext.Restore(snapshot, store, new CountingRandomSource(), replayWindowTrusted: true);
        Assert.Equal(16UL, after.SenderSequenceNumber);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(nonces.Add(Hex((await after.ProtectRequestAsync(Get())).Value!.Nonce)));
        }
    }

    [Fact]
    public async Task The_last_number_is_2_pow_40_minus_1_then_the_context_stops()
    {
        using var client = StartedAt(C1Client, OscoreAlgorithm.MaxSequenceNumber);

        var last = await client.ProtectRequestAsync(Get());
        var next = await client.ProtectRequestAsync(Get());
        var response = await client.ProtectResponseAsync(new CoapMessage { Code = CoapCode.Content }, new OscoreRequestBinding([0x01], [0x01]), includePartialIv: true);

        Assert.Equal("ffffffffff", Hex(last.Value!.Option.PartialIv));
        Assert.Equal(OscoreErrorKind.SequenceNumbersExhausted, next.Error?.Kind);
        Assert.Equal(OscoreErrorKind.SequenceNumbersExhausted, response.Error?.Kind);
        Assert.Equal(OscoreAlgorithm.MaxSequenceNumber + 1, client.SenderSequenceNumber);
    }

    [Fact]
    public async Task The_ceiling_never_exceeds_2_pow_40()
    {
        var store = new InMemoryOscoreSequenceNumberStore();
        using var fresh = Create(C1Client);
        var state = fresh.Export() with { SenderSequenceNumber = OscoreAlgorithm.MaxSequenceNumber - 1, SenderSequenceCeiling = OscoreAlgorithm.MaxSequenceNumber - 1 };
        using var client = OscoreSecurityContext.Restore(state, store, new CountingRandomSource(), true);

        await client.ProtectRequestAsync(Get());

        Assert.Equal(OscoreAlgorithm.MaxSequenceNumber + 1, store.PersistedCeiling);
    }

    [Fact]
    public async Task A_response_without_partial_iv_uses_no_sequence_number()
    {
        using var server = Create(C1Server);

        await server.ProtectResponseAsync(new CoapMessage { Code = CoapCode.Content }, new OscoreRequestBinding([], [0x14]));

        Assert.Equal(0UL, server.SenderSequenceNumber);
    }
}
