using Eals.Pledge;
using Eals.Tests.Shared;

namespace Eals.Pledge.Tests;

/// <summary>`dotnet run --project Pledge -- coap ...` against the gateway stack on loopback.</summary>
public sealed class CoapCommandTests : IAsyncLifetime
{
    private readonly EchoResource _echo = new();
    private TestCoapServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestCoapServer([_echo, new TextResource("hello", "Hello, pledge")]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CoapCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Get_prints_code_and_payload()
    {
        var (exit, output, _) = await RunAsync("get", _server.Uri("hello"));

        Assert.Equal(0, exit);
        Assert.Equal($"2.05{Environment.NewLine}Hello, pledge{Environment.NewLine}", output);
    }

    [Fact]
    public async Task Post_of_a_file_in_64_byte_blocks_is_echoed_whole()
    {
        var file = Path.GetTempFileName();
        try
        {
            var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"{i:D4},"));
            await File.WriteAllTextAsync(file, text);

            var (exit, output, _) = await RunAsync("post", _server.Uri("echo"), "--file", file, "--block", "64");

            Assert.Equal(0, exit);
            Assert.Equal($"2.04{Environment.NewLine}{text}{Environment.NewLine}", output);
            Assert.Equal(1, _echo.Calls);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Error_response_exits_1_with_the_diagnostic()
    {
        var (exit, output, _) = await RunAsync("get", _server.Uri("absent"));

        Assert.Equal(1, exit);
        Assert.StartsWith("4.04", output, StringComparison.Ordinal);
        Assert.Contains("no resource at /absent", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_literal_uri_works()
    {
        Assert.True(_server.HasIPv6, "the gateway must listen on ::1 as well");
        var (exit, output, _) = await RunAsync("get", _server.UriV6("hello"));

        Assert.Equal(0, exit);
        Assert.Contains("Hello, pledge", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("teleport", "coap://127.0.0.1/x")]
    [InlineData("get", "http://127.0.0.1/x")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("coap:", error, StringComparison.Ordinal);
    }
}
