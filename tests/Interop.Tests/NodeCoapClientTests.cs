using System.Text;
using System.Text.Json;
using Eals.Tests.Shared;

namespace Eals.Interop.Tests;

/// <summary>The npm `coap` library (node-coap) as a client of the gateway.</summary>
public sealed class NodeCoapClientTests : IAsyncLifetime
{
    private readonly string _node = ExternalProcess.Require("node", "apt-get install nodejs npm");
    private readonly string _script = FindClientScript();
    private readonly EchoResource _echo = new();
    private readonly LargeResource _large = new("large", 3000);
    private TestCoapServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestCoapServer([_echo, _large, new TextResource("hello", "Hello, node")]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string FindClientScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var node = Path.Combine(directory.FullName, "tests", "Interop.Tests", "node");
            if (File.Exists(Path.Combine(node, "client.mjs")))
            {
                if (!Directory.Exists(Path.Combine(node, "node_modules", "coap")))
                {
                    throw new InvalidOperationException($"npm coap is not installed: run `npm ci` in {node} (./test.sh does this).");
                }
                return Path.Combine(node, "client.mjs");
            }
        }
        throw new InvalidOperationException("tests/Interop.Tests/node/client.mjs not found above " + AppContext.BaseDirectory);
    }

    private async Task<(string Code, string? Format, byte[] Payload)> RequestAsync(string method, string uri, string? payloadFile = null)
    {
        List<string> arguments = [_script, method, uri];
        if (payloadFile is not null)
        {
            arguments.Add(payloadFile);
        }
        var result = await ExternalProcess.RunAsync(_node, arguments);
        Assert.True(result.ExitCode == 0, $"node client failed ({result.ExitCode}): {result.Error}");
        using var json = JsonDocument.Parse(result.Output.Trim());
        var root = json.RootElement;
        return (root.GetProperty("code").GetString()!, root.GetProperty("format").GetString(), Convert.FromHexString(root.GetProperty("payloadHex").GetString()!));
    }

    [Fact]
    public async Task Get_of_a_text_resource()
    {
        var (code, format, payload) = await RequestAsync("get", _server.Uri("hello"));

        Assert.Equal("2.05", code);
        Assert.Equal("text/plain", format);
        Assert.Equal("Hello, node", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task Get_of_well_known_core_is_link_format()
    {
        var (code, format, payload) = await RequestAsync("get", _server.Uri(".well-known/core"));

        Assert.Equal("2.05", code);
        Assert.Equal("application/link-format", format);
        Assert.Contains("</large>", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_larger_than_a_block_is_reassembled_from_block2()
    {
        var (code, _, payload) = await RequestAsync("get", _server.Uri("large"));

        Assert.Equal("2.05", code);
        Assert.Equal(_large.Body, payload);
    }

    [Fact]
    public async Task Post_is_echoed()
    {
        var file = Path.GetTempFileName();
        try
        {
            var body = Enumerable.Range(0, 900).Select(i => (byte)(i % 253)).ToArray();
            await File.WriteAllBytesAsync(file, body);

            var (code, _, payload) = await RequestAsync("post", _server.Uri("echo"), file);

            Assert.Equal("2.04", code);
            Assert.Equal(body, payload);
            Assert.Equal(1, _echo.Calls);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Not_found_reaches_the_client()
    {
        var (code, _, payload) = await RequestAsync("get", _server.Uri("absent"));

        Assert.Equal("4.04", code);
        Assert.Equal("no resource at /absent", Encoding.UTF8.GetString(payload));
    }
}
