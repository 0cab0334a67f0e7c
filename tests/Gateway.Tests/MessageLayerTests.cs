using System.Text;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>RFC 7252 section 4: rejecting, pinging, de-duplicating, and the reply types.</summary>
public sealed class MessageLayerTests
{
    private readonly TextResource _hello = new("hello", "hi");
    private readonly EndpointFixture _fixture;

    public MessageLayerTests() => _fixture = new EndpointFixture([_hello, new EchoResource()]);

    [Fact]
    public async Task Malformed_confirmable_is_rejected_with_a_matching_reset()
    {
        // CON GET, MID 0x1234, option delta nibble 15 without being the payload marker (3.1).
        await _fixture.ReceiveAsync([0x40, 0x01, 0x12, 0x34, 0xF1, 0x00]);

        var reply = await _fixture.Transport.NextRawAsync();
        Assert.Equal(new byte[] { 0x70, 0x00, 0x12, 0x34 }, reply); // RST, Empty, same MID
        Assert.Equal(1, _fixture.Endpoint.Statistics.Malformed);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x01, 0x12, 0x34, 0xF1, 0x00 })]      // NON with a reserved option nibble
    [InlineData(new byte[] { 0x60, 0x45, 0x12, 0x34, 0xFF })]            // ACK with an empty payload after the marker
    [InlineData(new byte[] { 0x70, 0x00, 0x12, 0x34, 0x00 })]            // RST with bytes after the header
    [InlineData(new byte[] { 0x80, 0x01, 0x12, 0x34 })]                  // version 2
    [InlineData(new byte[] { 0x40, 0x01 })]                              // shorter than a header
    [InlineData(new byte[] { 0x50, 0x00, 0x12, 0x34 })]                  // NON Empty message
    public async Task Malformed_non_confirmable_ack_and_reset_are_silently_dropped(byte[] datagram)
    {
        await _fixture.ReceiveAsync(datagram);

        Assert.Equal(0, _fixture.Transport.SentCount);
    }

    [Fact]
    public async Task Reserved_code_class_in_a_confirmable_is_rejected()
    {
        await _fixture.ReceiveAsync([0x40, 0xE0, 0x00, 0x07]); // CON 7.00

        Assert.Equal(new byte[] { 0x70, 0x00, 0x00, 0x07 }, await _fixture.Transport.NextRawAsync());
    }

    [Fact]
    public async Task Empty_confirmable_is_a_ping_answered_with_reset()
    {
        await _fixture.ReceiveAsync([0x40, 0x00, 0xBE, 0xEF]);

        Assert.Equal(new byte[] { 0x70, 0x00, 0xBE, 0xEF }, await _fixture.Transport.NextRawAsync());
    }

    [Fact]
    public async Task Confirmable_request_gets_a_piggybacked_response_with_its_message_id_and_token()
    {
        var response = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "hello", 0x0101));

        Assert.Equal(CoapMessageType.Acknowledgement, response.Type);
        Assert.Equal(0x0101, response.MessageId);
        Assert.Equal(new byte[] { 0xA1, 0xB2 }, response.Token.ToArray());
        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(CoapContentFormat.TextPlain, response.ContentFormat);
        Assert.Equal("hi", Encoding.UTF8.GetString(response.Payload.Span));
    }

    [Fact]
    public async Task Non_confirmable_request_gets_a_non_confirmable_response_with_a_new_message_id()
    {
        var response = await _fixture.ExchangeAsync(EndpointFixture.Non(CoapCode.Get, "hello", 0x0202));

        Assert.Equal(CoapMessageType.NonConfirmable, response.Type);
        Assert.Equal(new byte[] { 0xA1, 0xB2 }, response.Token.ToArray());
        Assert.Equal(CoapCode.Content, response.Code);
    }

    [Fact]
    public async Task Duplicate_confirmable_gets_the_identical_cached_reply_without_reprocessing()
    {
        var request = CoapMessageSerializer.Serialize(EndpointFixture.Con(CoapCode.Get, "hello", 0x0303));
        await _fixture.ReceiveAsync(request);
        var first = await _fixture.Transport.NextRawAsync();

        await _fixture.ReceiveAsync(request);
        var second = await _fixture.Transport.NextRawAsync();

        Assert.Equal(first, second);
        Assert.Equal(1, _hello.Calls);
        Assert.Equal(1, _fixture.Endpoint.Statistics.Duplicates);
    }

    [Fact]
    public async Task Duplicate_non_confirmable_is_ignored()
    {
        var request = CoapMessageSerializer.Serialize(EndpointFixture.Non(CoapCode.Get, "hello", 0x0404));
        await _fixture.ReceiveAsync(request);
        await _fixture.Transport.NextAsync();

        await _fixture.ReceiveAsync(request);

        Assert.Equal(1, _fixture.Transport.SentCount);
        Assert.Equal(1, _hello.Calls);
    }

    [Fact]
    public async Task Same_message_id_from_another_peer_is_not_a_duplicate()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 0x0505);
        await _fixture.ExchangeAsync(request);
        var other = Eals.Gateway.Transport.PeerAddress.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.8"), 40000));

        await _fixture.ExchangeAsync(request, other);

        Assert.Equal(2, _hello.Calls);
    }

    [Fact]
    public async Task Deduplication_ends_after_exchange_lifetime()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 0x0606);
        await _fixture.ExchangeAsync(request);

        _fixture.Time.Advance(CoapTransmissionParameters.Default.ExchangeLifetime + TimeSpan.FromSeconds(1));
        await _fixture.ExchangeAsync(request);

        Assert.Equal(2, _hello.Calls);
    }

    [Fact]
    public async Task Deduplication_memory_is_bounded_by_its_capacity()
    {
        var fixture = new EndpointFixture([_hello], new CoapEndpointOptions { DeduplicationCapacity = 32 });
        for (ushort id = 0; id < 1000; id++)
        {
            await fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "hello", id));
        }

        Assert.InRange(fixture.Endpoint.DeduplicationEntries, 1, 32);
    }

    [Fact]
    public async Task Unknown_path_is_404_and_wrong_method_405_with_diagnostics()
    {
        var missing = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "nowhere", 1));
        var wrongMethod = await _fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Delete, "hello", 2));

        Assert.Equal(CoapCode.NotFound, missing.Code);
        Assert.Contains("/nowhere", Encoding.UTF8.GetString(missing.Payload.Span), StringComparison.Ordinal);
        Assert.Equal(CoapCode.MethodNotAllowed, wrongMethod.Code);
        Assert.Equal("DELETE is not allowed on /hello", Encoding.UTF8.GetString(wrongMethod.Payload.Span));
    }

    [Fact]
    public async Task Handler_exception_becomes_5_00_without_leaking_details()
    {
        var fixture = new EndpointFixture([new ThrowingResource()]);

        var response = await fixture.ExchangeAsync(EndpointFixture.Con(CoapCode.Get, "boom", 9));

        Assert.Equal(CoapCode.InternalServerError, response.Code);
        Assert.Equal("internal error", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(1, fixture.Endpoint.Statistics.HandlerFailures);
    }

    [Fact]
    public async Task Extended_token_of_rfc_8974_is_echoed_in_the_response()
    {
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 0x3000);
        request.Token = Enumerable.Range(1, 40).Select(i => (byte)i).ToArray(); // TKL 13 + one extra byte

        var response = await _fixture.ExchangeAsync(request);

        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(request.Token.ToArray(), response.Token.ToArray());
    }

    [Fact]
    public async Task Token_longer_than_supported_is_rejected_with_reset()
    {
        // RFC 8974 section 2.2: a length the server does not support is rejected, so clients learn the limit.
        var fixture = new EndpointFixture([_hello], new CoapEndpointOptions { MaxTokenLength = 16 });
        var request = EndpointFixture.Con(CoapCode.Get, "hello", 0x3001);
        request.Token = new byte[17];

        await fixture.ReceiveAsync(request);

        Assert.Equal(new byte[] { 0x70, 0x00, 0x30, 0x01 }, await fixture.Transport.NextRawAsync());
        Assert.Equal(0, _hello.Calls);
    }

    private sealed class ThrowingResource() : Eals.Gateway.Resources.CoapResource("boom")
    {
        protected override ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("secret detail");
    }
}
