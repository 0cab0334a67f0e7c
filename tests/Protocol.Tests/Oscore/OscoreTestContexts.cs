using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>The RFC 8613 appendix C inputs and small helpers shared by the OSCORE tests.</summary>
internal static class OscoreTestContexts
{
    public static readonly byte[] MasterSecret = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");
    public static readonly byte[] MasterSalt = Convert.FromHexString("9e7ca92223786340");
    public static readonly byte[] IdContext = Convert.FromHexString("37cbf3210017a2d3");

    /// <summary>C.1.1 (client: Sender ID h'', Recipient ID h'01') and its server counterpart C.1.2.</summary>
    public static OscoreContextParameters C1Client => new(MasterSecret, Array.Empty<byte>(), new byte[] { 0x01 }, MasterSalt);
    public static OscoreContextParameters C1Server => new(MasterSecret, new byte[] { 0x01 }, Array.Empty<byte>(), MasterSalt);

    public static OscoreSecurityContext Create(OscoreContextParameters parameters, IOscoreSequenceNumberStore? store = null, OscoreContextOptions? options = null, IRandomSource? random = null)
        => OscoreSecurityContext.Derive(parameters, store ?? new InMemoryOscoreSequenceNumberStore(), random ?? new CountingRandomSource(), options);

    /// <summary>A context whose next Sender Sequence Number is <paramref name="sequenceNumber"/>.</summary>
    public static OscoreSecurityContext StartedAt(OscoreContextParameters parameters, ulong sequenceNumber)
    {
        using var fresh = Create(parameters);
        var state = fresh.Export() with { SenderSequenceNumber = sequenceNumber, SenderSequenceCeiling = sequenceNumber };
        return OscoreSecurityContext.Restore(state, new InMemoryOscoreSequenceNumberStore(), new CountingRandomSource(), replayWindowTrusted: true);
    }

    /// <summary>The client request of C.4: CON GET coap://localhost/tv1, MID 0x5d1f, token 0x00003974.</summary>
    public static CoapMessage GetTv1() => Parse("44015d1f00003974396c6f63616c686f737483747631");

    public static CoapMessage Parse(string hex)
    {
        var parsed = CoapMessageParser.Parse(Convert.FromHexString(hex));
        Assert.True(parsed.IsSuccess, parsed.Error.ToString());
        return parsed.Message;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Wire(CoapMessage message) => Hex(CoapMessageSerializer.Serialize(message));

    public static OscoreProtection Protect(OscoreSecurityContext context, CoapMessage request, bool includeKidContext = false)
    {
        var result = context.ProtectRequestAsync(request, includeKidContext).AsTask().GetAwaiter().GetResult();
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    public static OscoreProtection ProtectResponse(OscoreSecurityContext context, CoapMessage response, OscoreRequestBinding binding, bool includePartialIv = false)
    {
        var result = context.ProtectResponseAsync(response, binding, includePartialIv).AsTask().GetAwaiter().GetResult();
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    /// <summary>What a receiver sees: the wire bytes parsed again (no shared buffers with the sender).</summary>
    public static CoapMessage OverTheWire(CoapMessage message) => Parse(Wire(message));
}

/// <summary>Deterministic "randomness": 0x01, 0x02, 0x03, ... so Echo values are predictable and distinct.</summary>
internal sealed class CountingRandomSource : IRandomSource
{
    private byte _next;

    public void Fill(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ++_next;
        }
    }
}
