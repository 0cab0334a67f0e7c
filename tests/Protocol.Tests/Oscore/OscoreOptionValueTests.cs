using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>The OSCORE option value of RFC 8613 section 6.1: encodings and every malformed form.</summary>
public sealed class OscoreOptionValueTests
{
    [Theory]
    [InlineData("", null, null, null)]                            // all flags zero: empty value (C.7)
    [InlineData("0914", "14", null, "")]                          // C.4: PIV 0x14, empty kid
    [InlineData("091400", "14", null, "00")]                      // C.5
    [InlineData("19140837cbf3210017a2d3", "14", "37cbf3210017a2d3", "")]  // C.6: kid context
    [InlineData("0100", "00", null, null)]                        // C.8: response with PIV 0
    [InlineData("05ffffffffff", "ffffffffff", null, null)]        // 5-byte PIV: 2^40 - 1
    [InlineData("0d0100000000aabb", "0100000000", null, "aabb")]  // 5-byte PIV and a kid
    [InlineData("1000", null, "", null)]                          // present but empty kid context
    [InlineData("08", null, null, "")]                            // kid only, empty
    [InlineData("08010203040506070809", null, null, "010203040506070809")] // kid longer than any Sender ID still decodes
    public void Decodes_and_reencodes(string hex, string? piv, string? kidContext, string? kid)
    {
        var bytes = Convert.FromHexString(hex);

        var error = OscoreOptionValue.TryDecode(bytes, out var value);

        Assert.Equal(OscoreOptionError.None, error);
        Assert.Equal(piv, value.PartialIv is null ? null : Convert.ToHexStringLower(value.PartialIv));
        Assert.Equal(kidContext, value.KidContext is null ? null : Convert.ToHexStringLower(value.KidContext));
        Assert.Equal(kid, value.Kid is null ? null : Convert.ToHexStringLower(value.Kid));
        Assert.Equal(hex, Convert.ToHexStringLower(value.Encode()));
        Assert.Equal(bytes.Length, value.GetEncodedLength());
    }

    [Theory]
    [InlineData("00", OscoreOptionError.ZeroFlagsNotEmpty)]
    [InlineData("0000", OscoreOptionError.ZeroFlagsNotEmpty)]
    [InlineData("2114", OscoreOptionError.ReservedFlag)]
    [InlineData("4114", OscoreOptionError.ReservedFlag)]
    [InlineData("8114", OscoreOptionError.ReservedFlag)]
    [InlineData("06010203040506", OscoreOptionError.ReservedPartialIvLength)]
    [InlineData("0f01020304050607", OscoreOptionError.ReservedPartialIvLength)]
    [InlineData("01", OscoreOptionError.TruncatedPartialIv)]
    [InlineData("0314", OscoreOptionError.TruncatedPartialIv)]
    [InlineData("020014", OscoreOptionError.PartialIvLeadingZero)]
    [InlineData("0500000000ff", OscoreOptionError.PartialIvLeadingZero)]
    [InlineData("1114", OscoreOptionError.TruncatedKidContext)]
    [InlineData("111403aabb", OscoreOptionError.TruncatedKidContext)]
    [InlineData("10", OscoreOptionError.TruncatedKidContext)]
    [InlineData("011401", OscoreOptionError.TrailingBytes)]
    [InlineData("05ffffffffff01", OscoreOptionError.TrailingBytes)]
    [InlineData("111401aabb", OscoreOptionError.TrailingBytes)]
    public void Rejects_every_malformed_form(string hex, OscoreOptionError expected)
    {
        var error = OscoreOptionValue.TryDecode(Convert.FromHexString(hex), out var value);

        Assert.Equal(expected, error);
        Assert.Same(OscoreOptionValue.Empty, value);
    }

    [Fact]
    public void Never_throws_on_any_short_input()
    {
        // Every value of up to 2 bytes, and 3-byte values over all flag bytes.
        for (int length = 0; length <= 3; length++)
        {
            int combinations = length == 3 ? 256 * 8 : 1 << (8 * length);
            for (int i = 0; i < combinations; i++)
            {
                var bytes = new byte[length];
                for (int b = 0; b < length; b++)
                {
                    bytes[b] = (byte)(i >> (8 * b));
                }
                var error = OscoreOptionValue.TryDecode(bytes, out var value);
                if (error == OscoreOptionError.None)
                {
                    Assert.Equal(bytes, value.Encode());
                }
            }
        }
    }

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(20UL, "14")]
    [InlineData(255UL, "ff")]
    [InlineData(256UL, "0100")]
    [InlineData(65536UL, "010000")]
    [InlineData((1UL << 32) - 1, "ffffffff")]
    [InlineData((1UL << 40) - 1, "ffffffffff")]
    public void Partial_iv_is_the_shortest_big_endian_form(ulong sequenceNumber, string hex)
    {
        var partialIv = OscorePartialIv.Encode(sequenceNumber);

        Assert.Equal(hex, Convert.ToHexStringLower(partialIv));
        Assert.True(OscorePartialIv.IsWellFormed(partialIv));
        Assert.Equal(sequenceNumber, OscorePartialIv.Decode(partialIv));
    }

    [Fact]
    public void Partial_iv_beyond_2_pow_40_minus_1_cannot_be_encoded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OscorePartialIv.Encode(1UL << 40));
    }

    [Fact]
    public void Read_gives_kid_and_kid_context_of_a_received_message_for_routing()
    {
        // C.6 on the wire.
        var message = CoapMessageParser.Parse(Convert.FromHexString("44022f8eef9bbf7a396c6f63616c686f73746b19140837cbf3210017a2d3ff72cd7273fd331ac45cffbe55c3")).Message!;

        var option = OscoreOptionValue.Read(message);

        Assert.True(option.IsSuccess);
        Assert.Equal("37cbf3210017a2d3", Convert.ToHexStringLower(option.Value.KidContext!));
        Assert.Empty(option.Value.Kid!);
        Assert.Equal("14", Convert.ToHexStringLower(option.Value.PartialIv!));
    }

    [Fact]
    public void Read_refuses_messages_without_exactly_one_valid_option_and_a_payload()
    {
        var none = new CoapMessage { Code = CoapCode.Post, Payload = new byte[9] };
        var empty = new CoapMessage { Code = CoapCode.Post }.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x09, 0x14 });
        var bad = new CoapMessage { Code = CoapCode.Post, Payload = new byte[9] }.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x00 });

        foreach (var message in new[] { none, empty, bad })
        {
            Assert.Same(OscoreError.CoseDecodeFailed, OscoreOptionValue.Read(message).Error);
        }
    }
}
