using System.Text;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Tests;

/// <summary>Byte-exact encodings from RFC 7252 section 3 and RFC 8974, in both directions.</summary>
public sealed class CoapWireFormatTests
{
    // RFC 7252 Appendix A, Figure 16 style: CON GET /temperature, MID 0x7d34, token 0x20.
    private static readonly byte[] GetTemperature =
    [
        0x41, 0x01, 0x7D, 0x34, 0x20,                                        // Ver 1, CON, TKL 1, GET, MID, token
        0xBB, (byte)'t', (byte)'e', (byte)'m', (byte)'p', (byte)'e', (byte)'r', (byte)'a', (byte)'t', (byte)'u', (byte)'r', (byte)'e', // Uri-Path (11), length 11
    ];

    // The piggybacked answer: ACK 2.05 MID 0x7d34, token 0x20, payload "22.3 C".
    private static readonly byte[] ContentResponse =
    [
        0x61, 0x45, 0x7D, 0x34, 0x20, 0xFF, (byte)'2', (byte)'2', (byte)'.', (byte)'3', (byte)' ', (byte)'C',
    ];

    [Fact]
    public void Parses_a_confirmable_get()
    {
        var parsed = CoapMessageParser.Parse(GetTemperature);

        Assert.True(parsed.IsSuccess);
        var message = parsed.Message;
        Assert.Equal(CoapMessageType.Confirmable, message.Type);
        Assert.Equal(CoapCode.Get, message.Code);
        Assert.Equal(0x7D34, message.MessageId);
        Assert.Equal(new byte[] { 0x20 }, message.Token.ToArray());
        Assert.Equal("temperature", message.GetPath());
        Assert.True(message.Payload.IsEmpty);
    }

    [Fact]
    public void Serialises_the_same_get_byte_for_byte()
    {
        var message = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/temperature", new byte[] { 0x20 });
        message.MessageId = 0x7D34;

        Assert.Equal(GetTemperature, CoapMessageSerializer.Serialize(message));
    }

    [Fact]
    public void Piggybacked_response_with_payload_both_ways()
    {
        var message = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Content, MessageId = 0x7D34, Token = new byte[] { 0x20 }, Payload = Encoding.ASCII.GetBytes("22.3 C") };

        Assert.Equal(ContentResponse, CoapMessageSerializer.Serialize(message));
        Assert.Equal(message, CoapMessageParser.Parse(ContentResponse).Message);
    }

    [Theory]
    [InlineData(12, new byte[] { 0xC0 })]              // delta fits the nibble
    [InlineData(13, new byte[] { 0xD0, 0x00 })]        // 13: nibble 13, one extra byte (value - 13)
    [InlineData(268, new byte[] { 0xD0, 0xFF })]       // largest one-byte extension
    [InlineData(269, new byte[] { 0xE0, 0x00, 0x00 })] // 269: nibble 14, two extra bytes (value - 269)
    [InlineData(65535, new byte[] { 0xE0, 0xFE, 0xF2 })]
    public void Option_delta_extended_encodings(int number, byte[] optionBytes)
    {
        var message = new CoapMessage { Type = CoapMessageType.NonConfirmable, Code = CoapCode.Get };
        message.AddOption(new CoapOption((ushort)number, ReadOnlyMemory<byte>.Empty));

        var bytes = CoapMessageSerializer.Serialize(message);

        Assert.Equal(optionBytes, bytes[4..]);
        Assert.Equal(number, CoapMessageParser.Parse(bytes).Message!.Options[0].Number);
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(13, 2)]
    [InlineData(268, 2)]
    [InlineData(269, 3)]
    [InlineData(1034, 3)]
    public void Option_length_extended_encodings(int length, int headerBytes)
    {
        var message = new CoapMessage { Type = CoapMessageType.NonConfirmable, Code = CoapCode.Post };
        message.AddOption(new CoapOption(CoapOptionNumber.ProxyUri, new byte[length]));

        var bytes = CoapMessageSerializer.Serialize(message);

        // Option 35 needs a one-byte delta extension too.
        Assert.Equal(4 + 1 + 1 + (headerBytes - 1) + length, bytes.Length);
        Assert.Equal(length, CoapMessageParser.Parse(bytes).Message!.Options[0].Value.Length);
    }

    [Theory]
    [InlineData(8, 8, 0)]     // classic TKL
    [InlineData(13, 13, 1)]   // RFC 8974: TKL 13, one byte holding length - 13
    [InlineData(268, 13, 1)]
    [InlineData(269, 14, 2)]  // TKL 14, two bytes holding length - 269
    [InlineData(1000, 14, 2)]
    public void Extended_token_lengths_of_rfc_8974(int tokenLength, int nibble, int extraBytes)
    {
        var token = Enumerable.Range(0, tokenLength).Select(i => (byte)i).ToArray();
        var message = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get, MessageId = 1, Token = token };

        var bytes = CoapMessageSerializer.Serialize(message);

        Assert.Equal(nibble, bytes[0] & 0x0F);
        Assert.Equal(4 + extraBytes + tokenLength, bytes.Length);
        Assert.Equal(token, CoapMessageParser.Parse(bytes).Message!.Token.ToArray());
    }

    [Fact]
    public void Repeated_options_keep_their_order_and_options_are_written_sorted()
    {
        var message = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get };
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriQuery, "b=2"));
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriPath, "one"));
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriQuery, "a=1"));
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriPath, "two"));

        var parsed = CoapMessageParser.Parse(CoapMessageSerializer.Serialize(message)).Message!;

        Assert.Equal(new[] { 11, 11, 15, 15 }, parsed.Options.Select(o => (int)o.Number));
        Assert.Equal("one/two", parsed.GetPath());
        Assert.Equal(new[] { "b=2", "a=1" }, parsed.GetQueries());
    }
}
