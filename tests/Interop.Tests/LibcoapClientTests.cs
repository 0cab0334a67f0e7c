using System.Text.RegularExpressions;
using Eals.Gateway.Messaging;
using Eals.Tests.Shared;

namespace Eals.Interop.Tests;

/// <summary>libcoap's coap-client (Debian libcoap3-bin), an implementation nobody here wrote, against the gateway.</summary>
public sealed partial class LibcoapClientTests : IAsyncLifetime
{
    private readonly string _client = ExternalProcess.Require("coap-client-notls", "apt-get install libcoap3-bin");
    private readonly EchoResource _echo = new();
    private readonly string _work = Directory.CreateTempSubdirectory("eals-libcoap-").FullName;
    private TestCoapServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestCoapServer(
            [_echo, new TextResource("hello", "Hello from the gateway"), new TextResource("slow", "worth the wait", TimeSpan.FromSeconds(1.5))],
            new CoapEndpointOptions { SeparateResponseAfter = TimeSpan.FromMilliseconds(500) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private Task<ExternalProcess.Result> CoapClientAsync(params string[] arguments)
        => ExternalProcess.RunAsync(_client, ["-B", "10", .. arguments], _work);

    private byte[] Pattern(int length)
    {
        // Non-repeating within 3 KB, so a block delivered twice or out of place shows.
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) ^ (i >> 8));
        }
        return bytes;
    }

    [Fact]
    public async Task Gets_well_known_core_listing_the_registered_resources()
    {
        var result = await CoapClientAsync("-m", "get", _server.Uri(".well-known/core"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("</echo>;rt=\"test.echo\";ct=0,</hello>;rt=\"test.text\";ct=0,</slow>;rt=\"test.text\";ct=0", result.Output.Trim());
    }

    [Fact]
    public async Task Posts_3_KB_in_64_byte_block1_blocks_and_gets_it_back_in_block2()
    {
        var input = Path.Combine(_work, "in.bin");
        var output = Path.Combine(_work, "out.bin");
        var body = Pattern(3072);
        await File.WriteAllBytesAsync(input, body);

        var result = await CoapClientAsync("-v", "7", "-m", "post", "-b", "64", "-f", input, "-o", output, _server.Uri("echo"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(body, await File.ReadAllBytesAsync(output));
        Assert.Equal(1, _echo.Calls);

        // libcoap's log of the PDUs it sent and received: 48 Block1 blocks of 64 bytes, and the echo in Block2.
        var log = result.Output + result.Error;
        var block1Sent = Block1Sent().Matches(log).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(Enumerable.Range(0, 48), block1Sent.Order());
        Assert.Contains("c:2.31", log, StringComparison.Ordinal);
        Assert.Matches(Block2Received(), log);
    }

    [Fact]
    public async Task Same_exchange_over_ipv6()
    {
        Assert.True(_server.HasIPv6, "the gateway must serve ::1 as well");
        var input = Path.Combine(_work, "in6.bin");
        var output = Path.Combine(_work, "out6.bin");
        var body = Pattern(3072);
        await File.WriteAllBytesAsync(input, body);

        var result = await CoapClientAsync("-m", "post", "-b", "64", "-f", input, "-o", output, _server.UriV6("echo"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(body, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Non_confirmable_request_gets_a_response()
    {
        var result = await CoapClientAsync("-N", "-m", "get", _server.Uri("hello"));

        Assert.Equal("Hello from the gateway", result.Output.Trim());
    }

    [Fact]
    public async Task Errors_reach_the_client_with_their_codes()
    {
        var missing = await CoapClientAsync("-m", "get", _server.Uri("absent"));
        var wrongMethod = await CoapClientAsync("-m", "delete", _server.Uri("hello"));

        Assert.Contains("4.04", missing.Output + missing.Error, StringComparison.Ordinal);
        Assert.Contains("4.05", wrongMethod.Output + wrongMethod.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_resource_arrives_as_a_separate_response()
    {
        var result = await CoapClientAsync("-v", "7", "-m", "get", _server.Uri("slow"));

        var log = result.Output + result.Error;
        Assert.Contains("worth the wait", log, StringComparison.Ordinal);
        Assert.Matches(EmptyAck(), log);
        Assert.Matches(ConfirmableContent(), log);
        Assert.Equal(1, _server.Endpoint.Statistics.SeparateResponses);
    }

    [GeneratedRegex(@"t:CON c:POST [^\n]*Block1:(\d+)/[M_]/64")]
    private static partial Regex Block1Sent();

    [GeneratedRegex(@"c:2\.04 [^\n]*Block2:\d+/[M_]/64")]
    private static partial Regex Block2Received();

    [GeneratedRegex(@"t:ACK c:0\.00")]
    private static partial Regex EmptyAck();

    [GeneratedRegex(@"t:CON c:2\.05")]
    private static partial Regex ConfirmableContent();
}
