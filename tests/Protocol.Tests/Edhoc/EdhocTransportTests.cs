using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 9528 appendix A.2: request prefixes route EDHOC messages to their sessions.</summary>
public sealed class EdhocTransportTests
{
    private static readonly byte[] Message1 = Convert.FromHexString("0382060258208af6f430ebe18d34184017a9a11bf511c8dff8f834730b96c1b7c8dbca2fc3b637");

    [Fact]
    public void Forward_flow_message_1_is_prefixed_with_true()
    {
        byte[] payload = EdhocCoapTransport.Message1Request(Message1);
        Assert.Equal(0xf5, payload[0]);
        var request = EdhocCoapTransport.ParseRequest(payload).Value;
        Assert.Equal(EdhocCoapRequestKind.Message1, request.Kind);
        Assert.Equal(Message1, request.Message);
    }

    [Theory]
    [InlineData("27", "27")]         // one-byte integer identifier
    [InlineData("18", "4118")]       // 0x18 is not an integer encoding: bstr
    [InlineData("", "40")]           // empty identifier
    [InlineData("0102", "420102")]
    public void Continuation_carries_the_receivers_connection_identifier(string connectionId, string prefix)
    {
        byte[] message = Convert.FromHexString("52e562097bc417dd5919485ac7891ffd90a9fc");
        byte[] payload = EdhocCoapTransport.ContinuationRequest(Convert.FromHexString(connectionId), message);
        Assert.StartsWith(prefix, Convert.ToHexStringLower(payload), StringComparison.Ordinal);
        var request = EdhocCoapTransport.ParseRequest(payload).Value;
        Assert.Equal(EdhocCoapRequestKind.Continuation, request.Kind);
        Assert.Equal(Convert.FromHexString(connectionId), request.ConnectionId);
        Assert.Equal(message, request.Message);
    }

    [Fact]
    public void Reverse_flow_trigger_is_an_empty_payload()
    {
        Assert.Equal(EdhocCoapRequestKind.Trigger, EdhocCoapTransport.ParseRequest([]).Value.Kind);
        Assert.Equal(65, EdhocCoapTransport.RequestContentFormat);
        Assert.Equal(64, EdhocCoapTransport.ResponseContentFormat);
        Assert.Equal([".well-known", "edhoc"], EdhocCoapTransport.ResourcePath);
    }

    [Theory]
    [InlineData("f5")]           // true without message_1
    [InlineData("27")]           // identifier without a message
    [InlineData("410e52")]       // non-compact identifier
    [InlineData("1818")]         // integer outside -24..23
    [InlineData("a0")]           // a map is no identifier
    [InlineData("5f")]           // indefinite byte string
    public void Malformed_prefixes_are_rejected(string hex)
    {
        Assert.False(EdhocCoapTransport.ParseRequest(Convert.FromHexString(hex)).IsSuccess);
    }
}
