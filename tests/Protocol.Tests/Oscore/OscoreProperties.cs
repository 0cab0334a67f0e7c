using CsCheck;
using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>Properties of protect/unprotect over generated contexts, messages, orders and corruptions.</summary>
public sealed class OscoreProperties
{
    private static OscoreProtection ProtectSync(OscoreSecurityContext context, CoapMessage request, bool kidContext = false)
        => Protect(context, request, kidContext);

    [Fact]
    public void Requests_and_responses_round_trip()
    {
        Gen.Select(OscoreGenerators.ContextPair, OscoreGenerators.Message(OscoreGenerators.RequestCode), OscoreGenerators.Message(OscoreGenerators.ResponseCode), Gen.Bool, Gen.Bool, Gen.ULong[0, 1000])
            .Sample(input =>
            {
                var (pair, request, response, withKidContext, responsePiv, start) = input;
                using var client = StartedAt(pair.Client, start);
                using var server = Create(pair.Server);
                bool kidContext = withKidContext && pair.Client.IdContext is not null;

                var protectedRequest = ProtectSync(client, request, kidContext);
                var verified = server.UnprotectRequest(OverTheWire(protectedRequest.Message));

                Assert.True(verified.IsSuccess, verified.ToString());
                Assert.Equal(Wire(request), Wire(verified.Value.Message));
                Assert.Equal(Hex(pair.Client.SenderId.Span), Hex(verified.Value.Binding.RequestKid));
                Assert.Equal(Hex(protectedRequest.Binding.RequestPartialIv), Hex(verified.Value.Binding.RequestPartialIv));

                var protectedResponse = ProtectResponse(server, response, verified.Value.Binding, responsePiv);
                var answer = client.UnprotectResponse(OverTheWire(protectedResponse.Message), protectedRequest.Binding);

                Assert.True(answer.IsSuccess, answer.ToString());
                Assert.Equal(Wire(response), Wire(answer.Value));
            }, iter: 1_500);
    }

    [Fact]
    public void Delivery_in_any_order_with_duplicates_accepts_each_request_once_within_the_window()
    {
        var plan = Gen.Select(Gen.Int[1, 80], Gen.Int[1, 64], Gen.Int.Array[1, 150], (count, size, picks) => (count, size, picks));
        plan.Sample(p =>
        {
            using var client = Create(OscoreTestContexts.C1Client);
            using var server = Create(OscoreTestContexts.C1Server, options: new OscoreContextOptions(ReplayWindowSize: p.size));
            var sent = Enumerable.Range(0, p.count)
                .Select(i => OverTheWire(ProtectSync(client, CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Get, "/x", new byte[] { (byte)i })).Message))
                .ToArray();
            var accepted = new HashSet<int>();
            long highest = -1;
            foreach (int pick in p.picks)
            {
                int n = (int)((uint)pick % (uint)p.count);
                bool expectFresh = !accepted.Contains(n) && (highest < 0 || n > highest - p.size);

                var result = server.UnprotectRequest(sent[n]);

                if (expectFresh)
                {
                    Assert.True(result.IsSuccess, $"{n} should be accepted: {result}");
                    Assert.Equal(new byte[] { (byte)n }, result.Value.Message.Token.ToArray());
                    accepted.Add(n);
                    highest = Math.Max(highest, n);
                }
                else
                {
                    Assert.Equal(OscoreErrorKind.ReplayDetected, result.Error?.Kind);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Any_flipped_bit_in_option_or_ciphertext_is_rejected_with_its_error_and_no_state_change()
    {
        Gen.Select(OscoreGenerators.ContextPair, OscoreGenerators.Message(OscoreGenerators.RequestCode), Gen.Int, Gen.Int[0, 7], Gen.Bool)
            .Sample(input =>
            {
                var (pair, request, position, bit, inOption) = input;
                using var client = Create(pair.Client);
                using var server = Create(pair.Server);
                var protectedRequest = ProtectSync(client, request, kidContext: pair.Client.IdContext is not null);
                var before = server.Export().ToBytes();

                var tampered = Tamper(protectedRequest.Message, position, bit, inOption);
                var result = server.UnprotectRequest(tampered);

                Assert.False(result.IsSuccess);
                Assert.Contains(result.Error.Kind, new[] { OscoreErrorKind.CoseDecodeFailed, OscoreErrorKind.SecurityContextNotFound, OscoreErrorKind.DecryptionFailed });
                Assert.Equal(result.Error.Kind switch
                {
                    OscoreErrorKind.CoseDecodeFailed => CoapCode.BadOption,
                    OscoreErrorKind.SecurityContextNotFound => CoapCode.Unauthorized,
                    _ => CoapCode.BadRequest,
                }, result.Error.Code);
                if (!inOption)
                {
                    Assert.Equal(OscoreErrorKind.DecryptionFailed, result.Error.Kind);
                }
                Assert.Equal(before, server.Export().ToBytes());
                Assert.True(server.UnprotectRequest(protectedRequest.Message).IsSuccess);   // the genuine one still passes
            }, iter: 2_000);
    }

    [Fact]
    public void Any_flipped_bit_in_a_response_is_rejected_by_the_client()
    {
        Gen.Select(OscoreGenerators.Message(OscoreGenerators.ResponseCode), Gen.Int, Gen.Int[0, 7], Gen.Bool, Gen.Bool)
            .Sample(input =>
            {
                var (response, position, bit, inOption, withPiv) = input;
                using var client = Create(OscoreTestContexts.C1Client);
                using var server = Create(OscoreTestContexts.C1Server);
                var protectedRequest = ProtectSync(client, GetTv1());
                var binding = server.UnprotectRequest(protectedRequest.Message).Value!.Binding;
                var protectedResponse = ProtectResponse(server, response, binding, withPiv || inOption);

                var result = client.UnprotectResponse(Tamper(protectedResponse.Message, position, bit, inOption), protectedRequest.Binding);

                Assert.False(result.IsSuccess);
                Assert.True(client.UnprotectResponse(protectedResponse.Message, protectedRequest.Binding).IsSuccess);
            }, iter: 1_000);
    }

    [Fact]
    public void Restarts_at_any_points_never_reuse_a_nonce()
    {
        Gen.Select(Gen.ULong[1, 20], Gen.Int[0, 30].Array[1, 6], Gen.Bool.Array[6], (interval, runs, staleSnapshots) => (interval, runs, staleSnapshots))
            .Sample(plan =>
            {
                var store = new InMemoryOscoreSequenceNumberStore();
                var nonces = new HashSet<string>();
                var context = Create(OscoreTestContexts.C1Client, store, new OscoreContextOptions(SequencePersistInterval: plan.interval));
                var snapshot = context.Export();
                for (int run = 0; run < plan.runs.Length; run++)
                {
                    for (int i = 0; i < plan.runs[run]; i++)
                    {
                        var protection = ProtectSync(context, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x"));
                        Assert.True(nonces.Add(Hex(protection.Nonce)), $"nonce reused at run {run}");
                        Assert.True(OscorePartialIv.Decode(protection.Option.PartialIv!) < store.PersistedCeiling);
                        if (!plan.staleSnapshots[run])
                        {
                            snapshot = context.Export();
                        }
                    }
                    context.Dispose();
                    // Crash and restart from the last snapshot the grain happened to store (possibly stale).
                    context = OscoreSecurityContext.Restore(snapshot, store, new CountingRandomSource(), replayWindowTrusted: true);
                }
                context.Dispose();
            }, iter: 500);
    }

    private static CoapMessage Tamper(CoapMessage message, int position, int bit, bool inOption)
    {
        var copy = message.Clone();
        if (inOption && copy.TryGetOption(CoapOptionNumber.Oscore, out var option) && !option.Value.IsEmpty)
        {
            var value = option.Value.ToArray();
            value[(int)((uint)position % (uint)value.Length)] ^= (byte)(1 << bit);
            copy.SetOption(new CoapOption(CoapOptionNumber.Oscore, value));
        }
        else
        {
            var payload = copy.Payload.ToArray();
            payload[(int)((uint)position % (uint)payload.Length)] ^= (byte)(1 << bit);
            copy.Payload = payload;
        }
        return copy;
    }
}
