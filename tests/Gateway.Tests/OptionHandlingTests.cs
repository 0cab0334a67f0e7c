using System.Text;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>RFC 7252 section 5.4.1 (unrecognised options) and RFC 7967 (No-Response).</summary>
public sealed class OptionHandlingTests
{
    private readonly TextResource _hello = new("hello", "hi");
    private readonly EndpointFixture _fixture;

    public OptionHandlingTests() => _fixture = new EndpointFixture([_hello]);

    [Fact]
    public async Task Unrecognised_critical_option_in_a_confirmable_request_is_4_02_naming_it()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 1, new CoapOption(2049, new byte[] { 1 }));

        var response = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.BadOption, response.Code);
        Assert.Equal("unrecognized critical option 2049", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(0, _hello.Calls);
    }

    [Fact]
    public async Task Unrecognised_critical_option_in_a_non_confirmable_request_is_rejected_with_reset()
    {
        var request = EndpointFixture.Non(CoapCode.Get, "hello", 0x0A0B);
        request.AddOption(new CoapOption(2049, new byte[] { 1 }));

        await _fixture.ReceiveAsync(request);

        Assert.Equal(new byte[] { 0x70, 0x00, 0x0A, 0x0B }, await _fixture.Transport.NextRawAsync());
        Assert.Equal(0, _hello.Calls);
    }

    [Fact]
    public async Task Critical_option_with_a_length_outside_its_range_is_4_02()
    {
        // Uri-Host (critical) must be 1..255 bytes.
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 2, new CoapOption(CoapOptionNumber.UriHost, ReadOnlyMemory<byte>.Empty));

        var response = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.BadOption, response.Code);
        Assert.Equal("Uri-Host has a length outside its range", Encoding.UTF8.GetString(response.Payload.Span));
    }

    [Fact]
    public async Task Unrecognised_elective_option_is_ignored()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 3, new CoapOption(2048, new byte[] { 1, 2 }));

        var response = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(1, _hello.Calls);
    }

    [Fact]
    public async Task No_response_for_2xx_suppresses_the_success_but_a_confirmable_is_still_acknowledged()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 0x0C0D, CoapOption.FromUInt(CoapOptionNumber.NoResponse, 2));

        var reply = await _fixture.ExchangeAsync(request);

        Assert.True(reply.IsEmpty);
        Assert.Equal(CoapMessageType.Acknowledgement, reply.Type);
        Assert.Equal(0x0C0D, reply.MessageId);
        Assert.Equal(1, _hello.Calls);
    }

    [Fact]
    public async Task No_response_for_2xx_does_not_suppress_errors()
    {
        var request = EndpointFixture.Non(CoapCode.Get, "absent", 0x0E0F);
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.NoResponse, 2));

        var reply = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.NotFound, reply.Code);
    }

    [Fact]
    public async Task No_response_for_all_classes_on_a_non_confirmable_sends_nothing()
    {
        var request = EndpointFixture.Non(CoapCode.Get, "hello", 0x1011);
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.NoResponse, 2 | 8 | 16));

        await _fixture.ReceiveAsync(request);

        Assert.Equal(0, _fixture.Transport.SentCount);
        Assert.Equal(1, _hello.Calls);
    }
}
