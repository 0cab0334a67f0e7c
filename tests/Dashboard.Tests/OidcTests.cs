using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Grains.Approvals;

namespace Eals.Dashboard.Tests;

/// <summary>
/// OIDC bearer tokens: a token signed by the configured provider (keys from its discovery document)
/// for our audience, not expired, is an operator with the roles its "roles" claim maps to; anything
/// else is refused with 401. Requests carrying a token need no CSRF token.
/// </summary>
public sealed class OidcTests : IAsyncLifetime
{
    private readonly string _data = DashboardHost.NewDataFolder();
    private OidcProvider _provider = null!;
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _host = await DashboardHost.StartAsync(_data, false,
            "--Dashboard:Oidc:Authority", _provider.Issuer, "--Dashboard:Oidc:Audience", OidcProvider.Audience,
            "--Dashboard:Oidc:RequireHttpsMetadata", "false", "--Dashboard:Oidc:RoleMap:eals-approvers", "approver");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _host.Http };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_valid_token_is_an_operator_with_its_mapped_role()
    {
        using var approver = Client(_provider.Token("oidc-alice", ["eals-approvers", "unrelated-group"]));
        string serial = Accounts.NewSerial();

        using var session = await approver.GetAsync("/auth/session");
        var json = await session.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("oidc-alice", json.GetProperty("name").GetString());
        Assert.Equal(["viewer", "approver"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/approvals/{serial}/approve", new { reason = "oidc" })).StatusCode);
        Assert.Equal("oidc-alice", (await _host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync())!.DecidedBy);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PutAsJsonAsync("/api/pacing", new { maxInFlight = 7 })).StatusCode);

        using var admin = Client(_provider.Token("oidc-root", ["admin"]));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/accounts")).StatusCode);
        using var nobody = Client(_provider.Token("oidc-guest", ["unrelated-group"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/api/approvals")).StatusCode);
    }

    [Fact]
    public async Task Expired_foreign_audience_unsigned_and_foreign_key_tokens_are_refused()
    {
        string[] refused =
        [
            _provider.Token("oidc-late", ["admin"], expiresIn: TimeSpan.FromHours(-1)),
            _provider.Token("oidc-elsewhere", ["admin"], audience: "another-app"),
            _provider.UnsignedToken("oidc-forger", ["admin"]),
            _provider.Token("oidc-stranger", ["admin"], strangerKey: true),
        ];
        foreach (string token in refused)
        {
            using var client = Client(token);
            string serial = Accounts.NewSerial();
            using var response = await client.PostAsJsonAsync($"/api/approvals/{serial}/approve", new { reason = "should not" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/approvals")).StatusCode);
            Assert.Null(await _host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync());
        }
        // The API token still works next to OIDC.
        using var apiToken = _host.TokenClient();
        Assert.Equal(HttpStatusCode.OK, (await apiToken.GetAsync("/api/approvals")).StatusCode);
    }
}
