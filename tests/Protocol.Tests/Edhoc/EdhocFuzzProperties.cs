using CsCheck;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Arbitrary input never escapes as an exception: every parser answers with a typed failure.</summary>
public sealed class EdhocFuzzProperties
{
    private static readonly byte[] ValidMessage1 = Rfc9529Vectors.Hex(3, "message_1");

    /// <summary>Random bytes, and the RFC's valid message_1 with one byte changed, inserted or removed.</summary>
    private static readonly Gen<byte[]> Input = Gen.OneOf(
        Gen.Byte.Array[0, 120],
        Gen.Select<int, byte, int, byte[]>(Gen.Int[0, ValidMessage1.Length - 1], Gen.Byte, Gen.Int[0, 2], (at, value, kind) => (byte[])(kind switch
        {
            0 => [.. ValidMessage1[..at], value, .. ValidMessage1[(at + 1)..]],
            1 => [.. ValidMessage1[..at], value, .. ValidMessage1[at..]],
            _ => [.. ValidMessage1[..at], .. ValidMessage1[(at + 1)..]],
        })));

    [Fact]
    public void Stateless_parsers_never_throw()
    {
        var options = new EdhocResponderOptions([0, 2]);
        Input.Sample(bytes =>
        {
            _ = EdhocResponder.ProcessMessage1(bytes, options, Handshake.Crypto);
            _ = EdhocMessage1.Decode(bytes);
            _ = EdhocMessage2.Decode(bytes, 32);
            _ = EdhocPlaintext2.Decode(bytes, 8);
            _ = EdhocPlaintext3.Decode(bytes, 64);
            _ = EdhocErrorMessage.Decode(bytes);
            _ = EadItem.DecodeSequence(bytes);
            _ = EdhocIdCred.Decode(bytes);
            _ = EdhocCoapTransport.ParseRequest(bytes);
        }, iter: 20_000);
    }

    [Fact]
    public void Waiting_states_answer_garbage_with_a_failure()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var setup = new HandshakeSetup(EdhocMethod.StaticDhSignature, EdhocCipherSuite.Suite0, CredentialKind.CcsKid, [1], [2], bytes.Length);
            var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [0], [1]), Handshake.Crypto, setup.InitiatorRandom);
            Assert.False(start.State.ProcessMessage2(bytes).IsSuccess);
            var sent2 = EdhocResponder.ProcessMessage1(start.Message, setup.ResponderOptions, Handshake.Crypto).Value
                .PrepareMessage2(setup.Responder, [2], setup.ResponderRandom).Value;
            Assert.False(sent2.State.ProcessMessage3(bytes).IsSuccess);
        }, iter: 300, threads: 1);
    }
}
