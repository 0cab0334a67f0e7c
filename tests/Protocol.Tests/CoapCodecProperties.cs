using CsCheck;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Tests;

/// <summary>Properties of the codec over generated and mutated inputs.</summary>
public sealed class CoapCodecProperties
{
    [Fact]
    public void Parse_of_serialize_is_the_identity()
    {
        CoapMessageGenerators.Message.Sample(message =>
        {
            var bytes = CoapMessageSerializer.Serialize(message);
            Assert.Equal(bytes.Length, CoapMessageSerializer.GetSize(message));
            var parsed = CoapMessageParser.Parse(bytes);
            Assert.True(parsed.IsSuccess, $"{parsed.Error} at {parsed.ErrorOffset} for {message}");
            Assert.Equal(message, parsed.Message);
        }, iter: 5_000);
    }

    [Fact]
    public void Random_bytes_never_throw_and_what_parses_round_trips()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            var parsed = CoapMessageParser.Parse(bytes);
            if (parsed.IsSuccess)
            {
                AssertRoundTrips(parsed.Message);
            }
        }, iter: 50_000);
    }

    [Fact]
    public void Mutated_valid_messages_never_throw_and_what_parses_round_trips()
    {
        var mutation = Gen.Select(CoapMessageGenerators.NonEmptyMessage, Gen.Int[0, 3], Gen.Int, Gen.Byte, (message, kind, position, value) => (message, kind, position, value));
        mutation.Sample(input =>
        {
            var bytes = CoapMessageSerializer.Serialize(input.message).ToList();
            int at = (int)((uint)input.position % (uint)bytes.Count);
            switch (input.kind)
            {
                case 0: bytes[at] ^= (byte)(1 << (input.value & 7)); break;   // flip one bit
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;      // truncate
                case 2: bytes.Insert(at, input.value); break;                // insert a byte
                default: bytes.RemoveAt(at); break;                          // delete a byte
            }
            var parsed = CoapMessageParser.Parse(bytes.ToArray());
            if (parsed.IsSuccess)
            {
                AssertRoundTrips(parsed.Message);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Option_validation_never_throws_on_parsed_input()
    {
        Gen.Byte.Array[4, 200].Sample(bytes =>
        {
            bytes[0] = (byte)(0x40 | (bytes[0] & 0x37)); // version 1, TKL 0..7
            var parsed = CoapMessageParser.Parse(bytes);
            if (parsed.IsSuccess)
            {
                _ = CoapOptionValidator.FindCriticalProblem(parsed.Message, CoapOptionRegistry.Default, []);
            }
        }, iter: 20_000);
    }

    private static void AssertRoundTrips(CoapMessage message)
    {
        var again = CoapMessageParser.Parse(CoapMessageSerializer.Serialize(message));
        Assert.True(again.IsSuccess);
        Assert.Equal(message, again.Message);
    }
}
