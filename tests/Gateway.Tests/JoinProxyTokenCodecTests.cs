using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;

namespace Eals.Gateway.Tests;

/// <summary>The join proxy's sealed extended token (RFC 8974 section 3): round trip, layout contract, tamper rejection.</summary>
public sealed class JoinProxyTokenCodecTests : IDisposable
{
    private static readonly PeerAddress PledgeV4 = JoinProxyFixture.Peer("10.0.0.7", 40001);
    private static readonly PeerAddress PledgeV6 = PeerAddress.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("fe80::212:4b00:615:a4f1%3"), 5683));

    private readonly JoinProxyTokenCodec _codec = new(JoinProxyFixture.Key(1), SystemRandomSource.Instance);

    public void Dispose() => _codec.Dispose();

    private static ProxiedExchange Exchange(PeerAddress pledge, int tokenLength = 4, CoapMessageType type = CoapMessageType.Confirmable)
        => new(pledge, type, 0xBEEF, Enumerable.Range(0xA0, tokenLength).Select(i => (byte)i).ToArray(), 123456);

    [Theory]
    [InlineData(0, CoapMessageType.Confirmable, false)]
    [InlineData(1, CoapMessageType.NonConfirmable, false)]
    [InlineData(8, CoapMessageType.Confirmable, false)]
    [InlineData(2, CoapMessageType.Confirmable, true)]
    [InlineData(8, CoapMessageType.NonConfirmable, true)]
    public void What_is_sealed_opens_to_the_same_pledge_token_message_id_and_type(int tokenLength, CoapMessageType type, bool ipv6)
    {
        var exchange = Exchange(ipv6 ? PledgeV6 : PledgeV4, tokenLength, type);

        var token = _codec.Seal(exchange);

        Assert.Equal(JoinProxyTokenCodec.SealedLength(tokenLength), token.Length);
        Assert.True(token.Length > 8);
        Assert.True(_codec.TryOpen(token, out var opened));
        Assert.Equal(exchange.Pledge, opened.Pledge);
        Assert.Equal(exchange.Pledge.ToEndPoint(), opened.Pledge.ToEndPoint());
        Assert.Equal(type, opened.Type);
        Assert.Equal(0xBEEF, opened.MessageId);
        Assert.Equal(123456u, opened.IssuedAt);
        Assert.Equal(exchange.Token.ToArray(), opened.Token.ToArray());
    }

    [Fact]
    public void The_first_8_bytes_are_a_stable_handle_per_pledge_address_and_port_and_the_rest_is_opaque()
    {
        var first = _codec.Seal(Exchange(PledgeV4));
        var again = _codec.Seal(Exchange(PledgeV4) with { MessageId = 1, Token = new byte[] { 9 } });
        var otherPort = _codec.Seal(Exchange(JoinProxyFixture.Peer("10.0.0.7", 40002)));
        var otherAddress = _codec.Seal(Exchange(JoinProxyFixture.Peer("10.0.0.8", 40001)));
        Span<byte> handle = stackalloc byte[JoinProxyTokenCodec.HandleLength];
        _codec.WriteHandle(PledgeV4, handle);

        Assert.Equal(handle.ToArray(), first[..8]);
        Assert.Equal(first[..8], again[..8]);
        Assert.NotEqual(first[..8], otherPort[..8]);
        Assert.NotEqual(first[..8], otherAddress[..8]);
        // A fresh nonce each time: a retransmission gets a different token, and nothing of the address shows.
        var sameAgain = _codec.Seal(Exchange(PledgeV4));
        Assert.NotEqual(first[8..], sameAgain[8..]);
        Span<byte> address = stackalloc byte[PeerAddress.EncodedLength];
        PledgeV4.Encode(address);
        Assert.Equal(-1, first.AsSpan().IndexOf(address[12..16])); // the IPv4 address bytes
    }

    [Fact]
    public void The_handle_depends_on_the_proxy_key()
    {
        using var other = new JoinProxyTokenCodec(JoinProxyFixture.Key(2), SystemRandomSource.Instance);

        Assert.NotEqual(_codec.Seal(Exchange(PledgeV4))[..8], other.Seal(Exchange(PledgeV4))[..8]);
    }

    [Fact]
    public void Every_single_bit_flip_anywhere_in_the_token_is_rejected()
    {
        var token = _codec.Seal(Exchange(PledgeV6, tokenLength: 8));

        for (int bit = 0; bit < token.Length * 8; bit++)
        {
            var tampered = token.ToArray();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_codec.TryOpen(tampered, out _), $"bit {bit} flipped was accepted");
        }
    }

    [Fact]
    public void Truncated_extended_foreign_and_plain_tokens_are_rejected()
    {
        var token = _codec.Seal(Exchange(PledgeV4));
        using var other = new JoinProxyTokenCodec(JoinProxyFixture.Key(2), SystemRandomSource.Instance);

        Assert.False(_codec.TryOpen(token[..^1], out _));
        Assert.False(_codec.TryOpen([.. token, 0], out _));
        Assert.False(_codec.TryOpen(token[1..], out _));
        Assert.False(_codec.TryOpen(other.Seal(Exchange(PledgeV4)), out _));
        Assert.False(_codec.TryOpen(new byte[8], out _));
        Assert.False(_codec.TryOpen([], out _));
    }

    [Fact]
    public void Nonces_come_only_from_the_injected_source()
    {
        var nonces = new FixedRandomSource(0x42);
        using var codec = new JoinProxyTokenCodec(JoinProxyFixture.Key(1), nonces);

        var token = codec.Seal(Exchange(PledgeV4));

        Assert.Equal(1, nonces.Calls);
        Assert.All(token[8..20], b => Assert.Equal(0x42, b));
        Assert.Equal(token, codec.Seal(Exchange(PledgeV4))); // same key, nonce and input: same token
    }

    [Fact]
    public void Pledge_tokens_longer_than_8_bytes_and_keys_of_the_wrong_size_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _codec.Seal(Exchange(PledgeV4, tokenLength: 9)));
        Assert.Throws<ArgumentException>(() => new JoinProxyTokenCodec(new byte[16], SystemRandomSource.Instance));
    }

    [Fact]
    public void In_a_message_the_token_uses_the_rfc_8974_one_byte_extended_length_and_parses_back()
    {
        var token = _codec.Seal(Exchange(PledgeV4, tokenLength: 8));
        var message = CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Post, ".well-known/edhoc", token);

        var datagram = CoapMessageSerializer.Serialize(message);

        Assert.Equal(13, datagram[0] & 0x0F);                 // TKL 13: an 8-bit length follows the header
        Assert.Equal(token.Length - 13, datagram[4]);
        Assert.Equal(token, datagram[5..(5 + token.Length)]);
        var parsed = CoapMessageParser.Parse(datagram, maxTokenLength: 255);
        Assert.True(parsed.IsSuccess);
        Assert.Equal(token, parsed.Message.Token.ToArray());
    }
}
