using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>RFC 8613 section 4.1: which options are encrypted, which stay outside, and the outer codes of 4.2.</summary>
public sealed class OscoreOptionClassTests
{
    [Theory]
    [InlineData(CoapOptionNumber.UriHost, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.UriPort, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.ProxyUri, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.ProxyScheme, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Oscore, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.HopLimit, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Edhoc, OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Observe, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.MaxAge, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Block1, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Block2, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Size1, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Size2, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.NoResponse, OscoreOptionClass.E | OscoreOptionClass.U)]
    [InlineData(CoapOptionNumber.Echo, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.RequestTag, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.UriPath, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.UriQuery, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.ContentFormat, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.ETag, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.IfMatch, OscoreOptionClass.E)]
    [InlineData(CoapOptionNumber.LocationPath, OscoreOptionClass.E)]
    [InlineData(65000, OscoreOptionClass.E)]   // unknown: Class E
    public void Classes_follow_the_rfc_table(int number, OscoreOptionClass expected)
    {
        Assert.Equal(expected, OscoreOptionClasses.Of((ushort)number));
    }

    [Fact]
    public void Every_registered_option_has_a_class_and_never_class_i()
    {
        foreach (int number in Enumerable.Range(0, 400).Where(n => CoapOptionRegistry.Default.TryGet(n, out _)))
        {
            var optionClass = OscoreOptionClasses.Of((ushort)number);
            Assert.NotEqual(OscoreOptionClass.None, optionClass);
            Assert.False(optionClass.HasFlag(OscoreOptionClass.I));
        }
    }

    [Fact]
    public async Task Protection_hides_class_e_options_and_keeps_class_u_outside()
    {
        using var client = Create(C1Client);
        var request = CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Put, "/secret/path", Array.Empty<byte>());
        request.AddOption(CoapOption.FromString(CoapOptionNumber.UriHost, "example.org"));
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.UriPort, 61616));
        request.AddOption(CoapOption.FromString(CoapOptionNumber.UriQuery, "q=1"));
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 60));
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.Block1, 0x0E));
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.HopLimit, 16));
        request.AddOption(new CoapOption(CoapOptionNumber.Echo, new byte[] { 1, 2, 3 }));
        request.Payload = new byte[] { 0xAA };

        var result = await client.ProtectRequestAsync(request);

        Assert.True(result.IsSuccess);
        var outer = result.Value.Message.Options.Select(o => o.Number).ToArray();
        Assert.Equal(new[] { CoapOptionNumber.UriHost, CoapOptionNumber.UriPort, CoapOptionNumber.Oscore, CoapOptionNumber.HopLimit }, outer);
        Assert.Equal(CoapCode.Post, result.Value.Message.Code);
        Assert.Equal(CoapMessageType.NonConfirmable, result.Value.Message.Type);
        Assert.True(result.Value.Message.Token.IsEmpty);
        Assert.True(OscorePlaintext.TryDecode(result.Value.Plaintext, out var code, out var inner, out var payload));
        Assert.Equal(CoapCode.Put, code);
        Assert.Equal(new[] { CoapOptionNumber.UriPath, CoapOptionNumber.UriPath, CoapOptionNumber.ContentFormat, CoapOptionNumber.UriQuery, CoapOptionNumber.Block1, CoapOptionNumber.Echo },
            inner.Select(o => o.Number).ToArray());
        Assert.Equal(new byte[] { 0xAA }, payload.ToArray());
    }

    [Fact]
    public async Task Observe_goes_inner_and_outer_and_makes_the_outer_code_fetch_and_2_05()
    {
        using var client = Create(C1Client);
        using var server = Create(C1Server);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/temp", new byte[] { 7 });
        request.AddOption(CoapOption.FromUInt(CoapOptionNumber.Observe, 0));

        var protectedRequest = (await client.ProtectRequestAsync(request)).Value!;

        Assert.Equal(CoapCode.Fetch, protectedRequest.Message.Code);
        Assert.True(protectedRequest.Message.HasOption(CoapOptionNumber.Observe));
        Assert.True(OscorePlaintext.TryDecode(protectedRequest.Plaintext, out _, out var inner, out _));
        Assert.Contains(inner, o => o.Number == CoapOptionNumber.Observe);

        var verified = server.UnprotectRequest(OverTheWire(protectedRequest.Message)).Value!;
        Assert.Equal(CoapCode.Get, verified.Message.Code);
        Assert.Single(verified.Message.GetOptions(CoapOptionNumber.Observe));

        var notification = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Content, Token = request.Token, Payload = new byte[] { 0x32 } };
        notification.AddOption(CoapOption.FromUInt(CoapOptionNumber.Observe, 5));
        var first = (await server.ProtectResponseAsync(notification, verified.Binding)).Value!;
        var second = (await server.ProtectResponseAsync(notification, verified.Binding)).Value!;
        Assert.Equal(CoapCode.Content, first.Message.Code);
        // Notifications always carry their own Partial IV, so no two share a nonce.
        Assert.NotNull(first.Option.PartialIv);
        Assert.NotEqual(Hex(first.Nonce), Hex(second.Nonce));
        Assert.True(client.UnprotectResponse(OverTheWire(second.Message), protectedRequest.Binding).IsSuccess);
    }

    [Fact]
    public async Task Proxy_uri_is_decomposed_scheme_host_port_outside_path_query_inside()
    {
        using var client = Create(C1Client);
        using var server = Create(C1Server);
        var request = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get };
        request.AddOption(CoapOption.FromString(CoapOptionNumber.ProxyUri, "coap://Example.ORG:5690/a/b%20c?x=1&y"));

        var protection = (await client.ProtectRequestAsync(request)).Value!;

        Assert.False(protection.Message.HasOption(CoapOptionNumber.ProxyUri));
        Assert.Equal("coap", protection.Message.GetOptions(CoapOptionNumber.ProxyScheme).Single().GetString());
        Assert.Equal("example.org", protection.Message.GetOptions(CoapOptionNumber.UriHost).Single().GetString());
        Assert.True(protection.Message.TryGetUInt(CoapOptionNumber.UriPort, out uint port));
        Assert.Equal(5690u, port);
        Assert.False(protection.Message.HasOption(CoapOptionNumber.UriPath));

        var verified = server.UnprotectRequest(OverTheWire(protection.Message)).Value!;
        Assert.Equal("a/b c", verified.Message.GetPath());
        Assert.Equal(new[] { "x=1", "y" }, verified.Message.GetQueries().ToArray());
    }

    [Theory]
    [InlineData("coap://[2001:db8::1]/x", "2001:db8::1", null)]
    [InlineData("coaps://host", "host", null)]
    [InlineData("coaps://host:5684/", "host", null)]
    [InlineData("coap://host:5683", "host", null)]
    [InlineData("coap://host:1", "host", 1u)]
    public void Proxy_uri_hosts_and_default_ports(string uri, string host, uint? port)
    {
        Assert.True(OscoreProxyUri.TryDecompose(uri, out var options));

        Assert.Equal(host, options.Single(o => o.Number == CoapOptionNumber.UriHost).GetString());
        var portOption = options.Where(o => o.Number == CoapOptionNumber.UriPort).Select(o => (uint?)o.GetUInt()).SingleOrDefault();
        Assert.Equal(port, portOption);
    }

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("coap:/missing-slash")]
    [InlineData("coap://")]
    [InlineData("coap://host:99999/")]
    [InlineData("coap://user@host/")]
    [InlineData("coap://host/#fragment")]
    [InlineData("coap://[::1/")]
    [InlineData("1coap://host/")]
    public async Task A_proxy_uri_that_is_not_absolute_is_refused_without_using_a_sequence_number(string uri)
    {
        using var client = Create(C1Client);
        var request = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Get };
        request.AddOption(CoapOption.FromString(CoapOptionNumber.ProxyUri, uri));

        var result = await client.ProtectRequestAsync(request);

        Assert.Equal(OscoreErrorKind.InvalidMessage, result.Error?.Kind);
        Assert.Equal(0UL, client.SenderSequenceNumber);
    }

    [Fact]
    public async Task A_message_that_already_has_an_oscore_option_or_is_not_a_request_is_refused()
    {
        using var client = Create(C1Client);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x");
        request.AddOption(CoapOption.Empty(CoapOptionNumber.Oscore));
        var response = new CoapMessage { Code = CoapCode.Content };

        Assert.Equal(OscoreErrorKind.InvalidMessage, (await client.ProtectRequestAsync(request)).Error?.Kind);
        Assert.Equal(OscoreErrorKind.InvalidMessage, (await client.ProtectRequestAsync(response)).Error?.Kind);
        Assert.Equal(OscoreErrorKind.InvalidMessage, (await client.ProtectRequestAsync(CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/x"), includeKidContext: true)).Error?.Kind);
        Assert.Equal(0UL, client.SenderSequenceNumber);
    }
}
