using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Protocol.Tests;

/// <summary>uint options, block options, codes, option validation, link-format and the derived timing constants.</summary>
public sealed class SmallCodecPartsTests
{
    [Theory]
    [InlineData(0u, new byte[] { })]
    [InlineData(1u, new byte[] { 0x01 })]
    [InlineData(255u, new byte[] { 0xFF })]
    [InlineData(256u, new byte[] { 0x01, 0x00 })]
    [InlineData(0x01020304u, new byte[] { 0x01, 0x02, 0x03, 0x04 })]
    public void Uint_options_are_shortest_big_endian(uint value, byte[] encoded)
    {
        Assert.Equal(encoded, CoapUInt.Encode(value));
        Assert.True(CoapUInt.TryDecode(encoded, out uint decoded));
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void Uint_decoding_tolerates_leading_zeros_and_refuses_five_bytes()
    {
        Assert.True(CoapUInt.TryDecode(new byte[] { 0x00, 0x05 }, out uint value));
        Assert.Equal(5u, value);
        Assert.False(CoapUInt.TryDecode(new byte[5], out _));
    }

    [Theory]
    [InlineData(0, true, 6, new byte[] { 0x0E })]                 // RFC 7959 2.2: NUM 0, M, 1024 bytes
    [InlineData(1, false, 2, new byte[] { 0x12 })]
    [InlineData(16, true, 0, new byte[] { 0x01, 0x08 })]
    [InlineData(BlockOption.MaxNumber, false, 6, new byte[] { 0xFF, 0xFF, 0xF6 })]
    public void Block_options_encode_as_rfc_7959_section_2_2(int number, bool more, int szx, byte[] encoded)
    {
        var block = new BlockOption(number, more, szx);

        Assert.Equal(encoded, CoapUInt.Encode(block.Encode()));
        Assert.True(BlockOption.TryDecode(encoded, out var decoded));
        Assert.Equal(block, decoded);
        Assert.Equal(1 << (szx + 4), block.Size);
    }

    [Fact]
    public void Block_option_of_four_bytes_is_refused()
    {
        Assert.False(BlockOption.TryDecode(new byte[] { 1, 2, 3, 4 }, out _));
        Assert.Throws<InvalidOperationException>(() => new BlockOption(BlockOption.MaxNumber + 1, false, 0).Encode());
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(100, 2)]
    [InlineData(1024, 6)]
    [InlineData(5000, 6)]
    [InlineData(1, 0)]
    public void Size_exponent_for_a_byte_budget(int bytes, int szx) => Assert.Equal(szx, BlockOption.SizeExponentFor(bytes));

    [Fact]
    public void Block2_slicing()
    {
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        Assert.True(Block2Slicer.TrySlice(body, 0, 2, out var first, out var block0));
        Assert.Equal(body[..64], first.ToArray());
        Assert.Equal(new BlockOption(0, true, 2), block0);
        Assert.True(Block2Slicer.TrySlice(body, 1, 2, out var last, out var block1));
        Assert.Equal(body[64..], last.ToArray());
        Assert.False(block1.More);
        Assert.False(Block2Slicer.TrySlice(body, 2, 2, out _, out _));
        Assert.True(Block2Slicer.TrySlice(ReadOnlyMemory<byte>.Empty, 0, 6, out var empty, out var only));
        Assert.True(empty.IsEmpty);
        Assert.False(only.More);
    }

    [Theory]
    [InlineData(0x45, "2.05", 2, true)]
    [InlineData(0x84, "4.04", 4, false)]
    [InlineData(0x5F, "2.31", 2, true)]
    [InlineData(0xA3, "5.03", 5, false)]
    public void Codes_print_as_class_dot_detail(byte value, string text, int codeClass, bool success)
    {
        var code = new CoapCode(value);
        Assert.Equal(text, code.ToString());
        Assert.Equal(codeClass, code.Class);
        Assert.Equal(success, code.IsSuccess);
        Assert.True(code.IsResponse);
    }

    [Fact]
    public void Validator_flags_critical_problems_and_collects_elective_ones()
    {
        var message = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get };
        message.AddOption(new CoapOption(2048, new byte[] { 1 }));                         // unknown elective
        message.AddOption(CoapOption.FromUInt(CoapOptionNumber.MaxAge, 1));
        message.AddOption(CoapOption.FromUInt(CoapOptionNumber.MaxAge, 2));               // repeated elective
        var ignorable = new List<CoapOptionProblem>();

        Assert.Null(CoapOptionValidator.FindCriticalProblem(message, CoapOptionRegistry.Default, ignorable));
        Assert.Equal(
            [new CoapOptionProblem(CoapOptionNumber.MaxAge, CoapOptionProblemKind.Repeated), new CoapOptionProblem(2048, CoapOptionProblemKind.Unrecognized)],
            ignorable);

        message.AddOption(new CoapOption(CoapOptionNumber.Block2, new byte[4]));            // critical, too long
        Assert.Equal(new CoapOptionProblem(CoapOptionNumber.Block2, CoapOptionProblemKind.BadLength), CoapOptionValidator.FindCriticalProblem(message, CoapOptionRegistry.Default));
    }

    [Fact]
    public void Repeated_critical_non_repeatable_option_is_a_critical_problem()
    {
        var message = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get };
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriHost, "a"));
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriHost, "b"));

        Assert.Equal(new CoapOptionProblem(CoapOptionNumber.UriHost, CoapOptionProblemKind.Repeated), CoapOptionValidator.FindCriticalProblem(message, CoapOptionRegistry.Default));
    }

    [Fact]
    public void Link_format_of_rfc_6690()
    {
        var text = CoapLinkFormat.Serialize(
        [
            new CoapLink("/sensors/temp", ("rt", "temperature-c"), ("if", "sensor"), ("ct", "0")),
            new CoapLink("/est/sen", ("ct", "286 287"), ("obs", null)),
        ]);

        Assert.Equal("</sensors/temp>;rt=\"temperature-c\";if=\"sensor\";ct=0,</est/sen>;ct=\"286 287\";obs", text);
    }

    [Fact]
    public void Derived_times_of_rfc_7252_section_4_8_2()
    {
        var parameters = CoapTransmissionParameters.Default;

        Assert.Equal(TimeSpan.FromSeconds(45), parameters.MaxTransmitSpan);
        Assert.Equal(TimeSpan.FromSeconds(93), parameters.MaxTransmitWait);
        Assert.Equal(TimeSpan.FromSeconds(247), parameters.ExchangeLifetime);
        Assert.Equal(TimeSpan.FromSeconds(145), parameters.NonLifetime);
    }

    [Fact]
    public void Option_classes_follow_the_number_bits()
    {
        Assert.True(CoapOptionNumber.IsCritical(CoapOptionNumber.UriPath));
        Assert.False(CoapOptionNumber.IsCritical(CoapOptionNumber.ContentFormat));
        Assert.True(CoapOptionNumber.IsUnsafe(CoapOptionNumber.UriHost));
        Assert.True(CoapOptionNumber.IsNoCacheKey(CoapOptionNumber.Size1));
        Assert.False(CoapOptionNumber.IsNoCacheKey(CoapOptionNumber.ETag));
    }
}
