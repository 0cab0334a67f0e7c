using Eals.Protocol.Est;

namespace Eals.Protocol.Tests.Est;

/// <summary>application/multipart-core (RFC 8710): byte-exact encoding and strict decoding.</summary>
public sealed class MultipartCoreTests
{
    [Fact]
    public void A_key_and_a_certificate_encode_byte_for_byte()
    {
        // [284, h'0102', 287, h'03']: array(4), uint16 284, bstr(2), uint16 287, bstr(1).
        var encoded = MultipartCore.Encode([new MultipartPart(284, new byte[] { 0x01, 0x02 }), new MultipartPart(287, new byte[] { 0x03 })]);

        Assert.Equal(Convert.FromHexString("8419011C42010219011F4103"), encoded);
    }

    [Fact]
    public void Small_formats_null_parts_and_long_representations_use_the_shortest_heads()
    {
        Assert.Equal(Convert.FromHexString("80"), MultipartCore.Encode([]));
        Assert.Equal(Convert.FromHexString("8200F6"), MultipartCore.Encode([new MultipartPart(0, null)]));
        // 23 fits the initial byte; 24 needs one more; a 300-byte part has a two-byte length (0x59 0x012C).
        Assert.Equal(Convert.FromHexString("82174100"), MultipartCore.Encode([new MultipartPart(23, new byte[] { 0x00 })]));
        Assert.Equal(Convert.FromHexString("8218184100"), MultipartCore.Encode([new MultipartPart(24, new byte[] { 0x00 })]));
        var longPart = MultipartCore.Encode([new MultipartPart(60, new byte[300])]);
        Assert.Equal(Convert.FromHexString("82183C59012C"), longPart[..6]);
        Assert.Equal(306, longPart.Length);
    }

    [Fact]
    public void Decoding_returns_the_parts_in_order_as_slices_of_the_payload()
    {
        var parts = MultipartCore.Decode(Convert.FromHexString("8419011C42010219011F4103"));
        Assert.Equal(2, parts.Count);
        Assert.Equal(284, parts[0].ContentFormat);
        Assert.Equal(new byte[] { 0x01, 0x02 }, parts[0].Representation!.Value.ToArray());
        Assert.Equal(287, parts[1].ContentFormat);
        Assert.Equal(new byte[] { 0x03 }, parts[1].Representation!.Value.ToArray());

        var withNull = MultipartCore.Decode(Convert.FromHexString("8400F61903E84161"));
        Assert.Null(withNull[0].Representation);
        Assert.Equal(1000, withNull[1].ContentFormat);
    }

    [Fact]
    public void Round_trips_keep_every_part()
    {
        MultipartPart[] parts = [new(0, "Hello"u8.ToArray()), new(60, null), new(65535, new byte[70000]), new(62, Array.Empty<byte>())];

        var decoded = MultipartCore.Decode(MultipartCore.Encode(parts));

        Assert.Equal(parts.Select(p => (p.ContentFormat, p.Representation?.ToArray())), decoded.Select(p => (p.ContentFormat, p.Representation?.ToArray())));
    }

    [Theory]
    [InlineData("", "not a CBOR array")]
    [InlineData("A0", "not a CBOR array")]                    // a map
    [InlineData("8300F600", "pairs")]                          // odd number of items
    [InlineData("9F00F6FF", "indefinite")]                     // indefinite-length array
    [InlineData("821A00010000F6", "larger than 65535")]        // Content-Format 65536
    [InlineData("82006161", "neither a byte string nor null")] // text instead of bytes
    [InlineData("820043AABB", "past the end")]                 // truncated representation
    [InlineData("8200F600", "trailing bytes")]
    [InlineData("8200", "neither a byte string nor null")]     // a Content-Format without its part
    [InlineData("9B0000000100000000", "more items")]           // a huge count must not allocate
    [InlineData("82005F4100FF", "indefinite")]                 // indefinite-length byte string
    public void Malformed_payloads_are_refused_with_a_reason(string hex, string reason)
    {
        var refusal = Assert.Throws<EstFormatException>(() => MultipartCore.Decode(Convert.FromHexString(hex)));

        Assert.Equal(EstFormatError.Malformed, refusal.Error);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }
}
