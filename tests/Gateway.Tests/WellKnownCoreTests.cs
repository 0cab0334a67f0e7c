using System.Text;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;
using Eals.Tests.Shared;

namespace Eals.Gateway.Tests;

/// <summary>RFC 6690: /.well-known/core lists the served resources and filters by query.</summary>
public sealed class WellKnownCoreTests
{
    private readonly EndpointFixture _fixture = new([new EchoResource("echo"), new TextResource("sensors/temp", "21")]);

    private ushort _messageId;

    private async Task<string> GetAsync(string? query = null)
    {
        var request = EndpointFixture.Con(CoapCode.Get, ".well-known/core", ++_messageId);
        if (query is not null)
        {
            request.AddOption(CoapOption.FromString(CoapOptionNumber.UriQuery, query));
        }
        var response = await _fixture.ExchangeAsync(request);
        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Equal(CoapContentFormat.LinkFormat, response.ContentFormat);
        return Encoding.UTF8.GetString(response.Payload.Span);
    }

    [Fact]
    public async Task Lists_every_listed_resource_in_link_format()
    {
        var links = await GetAsync();

        Assert.Equal("</echo>;rt=\"test.echo\";ct=0,</sensors/temp>;rt=\"test.text\";ct=0", links);
    }

    [Fact]
    public async Task Filters_by_href_prefix()
    {
        Assert.Equal("</sensors/temp>;rt=\"test.text\";ct=0", await GetAsync("href=/sensors*"));
    }

    [Fact]
    public async Task Filters_by_resource_type()
    {
        Assert.Equal("</echo>;rt=\"test.echo\";ct=0", await GetAsync("rt=test.echo"));
        Assert.Equal("", await GetAsync("rt=nothing"));
    }

    [Fact]
    public void Two_resources_on_one_path_are_refused_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CoapResourceRouter([new EchoResource("x"), new EchoResource("x")]));
        Assert.Contains("/x", error.Message, StringComparison.Ordinal);
    }
}
