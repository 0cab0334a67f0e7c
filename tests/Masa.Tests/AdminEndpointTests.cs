using System.Net;

namespace Eals.Masa.Tests;

/// <summary>GET /audit and GET /ownership/{serial} need the operator's bearer token.</summary>
public sealed class AdminEndpointTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("/audit")]
    [InlineData("/ownership/SN-0201")]
    public async Task Without_the_right_token_the_operator_endpoints_answer_401(string path)
    {
        await using var masa = await MasaServer.StartAsync(_data.Path);

        using var none = await masa.AdminGetAsync(path, token: null);
        using var wrong = await masa.AdminGetAsync(path, token: "not-the-admin-token-at-all");
        using var right = await masa.AdminGetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_token_one_is_generated_owner_only_and_accepted()
    {
        await using var masa = await MasaServer.StartAsync(_data.Path, "--Masa:AdminToken", "");
        var file = Path.Combine(_data.Path, "masa", "admin.token");

        var token = (await File.ReadAllTextAsync(file)).Trim();

        Assert.True(token.Length >= 32);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }

        Assert.Equal(HttpStatusCode.OK, (await masa.AdminGetAsync("/audit", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await masa.AdminGetAsync("/audit", MasaServer.Token)).StatusCode);
    }
}
