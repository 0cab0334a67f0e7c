using Eals.Protocol.Coap;

namespace Eals.Protocol.Tests;

/// <summary>Every way a datagram can fail to be a CoAP message, each with a concrete input (RFC 7252 section 3, RFC 8974).</summary>
public sealed class CoapFormatErrorTests
{
    [Theory]
    [InlineData(new byte[] { }, CoapFormatError.TooShort)]
    [InlineData(new byte[] { 0x40, 0x01, 0x00 }, CoapFormatError.TooShort)]
    [InlineData(new byte[] { 0x80, 0x01, 0x00, 0x01 }, CoapFormatError.UnknownVersion)]
    [InlineData(new byte[] { 0x4F, 0x01, 0x00, 0x01 }, CoapFormatError.ReservedTokenLength)]
    [InlineData(new byte[] { 0x44, 0x01, 0x00, 0x01, 0xAA }, CoapFormatError.TruncatedToken)]
    [InlineData(new byte[] { 0x4D, 0x01, 0x00, 0x01 }, CoapFormatError.TruncatedToken)]             // TKL 13 without its length byte
    [InlineData(new byte[] { 0x4E, 0x01, 0x00, 0x01, 0x00 }, CoapFormatError.TruncatedToken)]       // TKL 14 with one of two length bytes
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xF0 }, CoapFormatError.ReservedOptionNibble)] // delta 15, length 0
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0x1F }, CoapFormatError.ReservedOptionNibble)] // delta 1, length 15
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xD0 }, CoapFormatError.TruncatedOption)]      // delta 13 without its byte
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xE0, 0x00 }, CoapFormatError.TruncatedOption)]
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xB3, 0x61 }, CoapFormatError.TruncatedOption)] // value shorter than its length
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xE0, 0xFE, 0xF2, 0x10 }, CoapFormatError.OptionNumberOverflow)] // 65535 + 1
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xFF }, CoapFormatError.EmptyPayloadAfterMarker)]
    [InlineData(new byte[] { 0x41, 0x00, 0x00, 0x01, 0xAA }, CoapFormatError.NonEmptyEmptyMessage)]    // Empty with a token
    [InlineData(new byte[] { 0x60, 0x00, 0x00, 0x01, 0xFF, 0x01 }, CoapFormatError.NonEmptyEmptyMessage)]
    [InlineData(new byte[] { 0x40, 0x20, 0x00, 0x01 }, CoapFormatError.ReservedCodeClass)]            // 1.00
    [InlineData(new byte[] { 0x40, 0xC0, 0x00, 0x01 }, CoapFormatError.ReservedCodeClass)]            // 6.00
    [InlineData(new byte[] { 0x40, 0xE1, 0x00, 0x01 }, CoapFormatError.ReservedCodeClass)]            // 7.01
    public void Malformed_input_yields_the_typed_error(byte[] datagram, CoapFormatError expected)
    {
        var parsed = CoapMessageParser.Parse(datagram);

        Assert.False(parsed.IsSuccess);
        Assert.Equal(expected, parsed.Error);
        Assert.Null(parsed.Message);
    }

    [Fact]
    public void Token_longer_than_the_limit_is_refused()
    {
        var datagram = new byte[4 + 1 + 20];
        datagram[0] = 0x4D;      // TKL 13
        datagram[1] = 0x01;
        datagram[4] = 20 - 13;   // 20-byte token

        Assert.True(CoapMessageParser.Parse(datagram).IsSuccess);
        Assert.Equal(CoapFormatError.TokenTooLong, CoapMessageParser.Parse(datagram, maxTokenLength: 16).Error);
    }

    [Fact]
    public void Header_is_reported_with_errors_after_the_first_four_bytes_so_a_con_can_be_reset()
    {
        var parsed = CoapMessageParser.Parse(new byte[] { 0x40, 0x01, 0xAB, 0xCD, 0xF0 });

        Assert.Equal(new CoapHeader(1, CoapMessageType.Confirmable, 0, CoapCode.Get, 0xABCD), parsed.Header);
        Assert.Equal(4, parsed.ErrorOffset);
    }

    [Fact]
    public void Unknown_version_and_short_datagrams_have_no_header_to_answer()
    {
        Assert.Null(CoapMessageParser.Parse(new byte[] { 0x80, 0x01, 0x00, 0x01 }).Header);
        Assert.Null(CoapMessageParser.Parse(new byte[] { 0x40 }).Header);
    }
}
