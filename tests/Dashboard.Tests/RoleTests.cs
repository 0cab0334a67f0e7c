using System.Net;
using System.Net.Http.Json;
using Eals.Grains.Approvals;
using Eals.Grains.Operators;
using Eals.Grains.Pacing;

namespace Eals.Dashboard.Tests;

/// <summary>viewer ⊂ approver ⊂ admin: each may do what its policy allows and is answered 403 beyond it; refused calls change nothing.</summary>
public sealed class RoleTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private DashboardHost Host => fixture.Host;

    private async Task<BrowserSession> LoggedInAsync(params string[] roles)
    {
        string name = await Accounts.CreateAsync(Host, roles[0], roles);
        var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        return browser;
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_approve()
    {
        using var viewer = await LoggedInAsync(OperatorRoles.Viewer);
        string serial = Accounts.NewSerial();

        Assert.Equal(HttpStatusCode.OK, (await viewer.ApiAsync(HttpMethod.Get, "/api/approvals", csrf: false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.ApiAsync(HttpMethod.Get, "/api/pacing", csrf: false)).StatusCode);
        using var approve = await viewer.ApiAsync(HttpMethod.Post, $"/api/approvals/{serial}/approve", new { reason = "viewer tries" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal("application/problem+json", approve.Content.Headers.ContentType!.MediaType);
        Assert.Null(await Host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync());
    }

    [Fact]
    public async Task An_approver_approves_but_cannot_change_pacing_or_accounts()
    {
        using var approver = await LoggedInAsync(OperatorRoles.Approver);
        string serial = Accounts.NewSerial();
        var before = await Host.Grains.GetGrain<IClusterPacerGrain>(0).GetSettingsAsync();

        using var approve = await approver.ApiAsync(HttpMethod.Post, $"/api/approvals/{serial}/approve", new { reason = "expected delivery" });
        using var pacing = await approver.ApiAsync(HttpMethod.Put, "/api/pacing", new { maxInFlight = before.MaxInFlight + 1 });
        using var accounts = await approver.ApiAsync(HttpMethod.Get, "/api/accounts", csrf: false);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var record = await Host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync();
        Assert.Equal(ApprovalStatus.Approved, record!.Status);
        Assert.StartsWith("approver-", record.DecidedBy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, pacing.StatusCode);
        Assert.Equal(before.MaxInFlight, (await Host.Grains.GetGrain<IClusterPacerGrain>(0).GetSettingsAsync()).MaxInFlight);
        Assert.Equal(HttpStatusCode.Forbidden, accounts.StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_pacing_and_approves()
    {
        using var admin = await LoggedInAsync(OperatorRoles.Admin);
        var before = await Host.Grains.GetGrain<IClusterPacerGrain>(0).GetSettingsAsync();

        using var pacing = await admin.ApiAsync(HttpMethod.Put, "/api/pacing", new { admissionBurst = before.AdmissionBurst + 1 });
        using var approve = await admin.ApiAsync(HttpMethod.Post, $"/api/approvals/{Accounts.NewSerial()}/reject", new { reason = "not ours" });

        Assert.Equal(HttpStatusCode.OK, pacing.StatusCode);
        Assert.Equal(before.AdmissionBurst + 1, (await Host.Grains.GetGrain<IClusterPacerGrain>(0).GetSettingsAsync()).AdmissionBurst);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        using var session = await admin.SessionAsync();
        var roles = (await session.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString());
        Assert.Equal(OperatorRoles.All, roles);
    }

    [Fact]
    public async Task A_cookie_session_must_send_the_csrf_header_and_a_bearer_caller_need_not()
    {
        using var approver = await LoggedInAsync(OperatorRoles.Approver);
        string serial = Accounts.NewSerial();

        using var forged = await approver.ApiAsync(HttpMethod.Post, $"/api/approvals/{serial}/approve", new { reason = "forged" }, csrf: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType!.MediaType);
        Assert.Contains("CSRF", await forged.Content.ReadAsStringAsync());
        Assert.Null(await Host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync());
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, $"/api/approvals/{serial}/approve") { Content = JsonContent.Create(new { reason = "forged" }) };
        wrongToken.Headers.Add("X-CSRF-TOKEN", "made-up");
        Assert.Equal(HttpStatusCode.BadRequest, (await approver.Client.SendAsync(wrongToken)).StatusCode);
        Assert.Null(await Host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync());

        using var bearer = Host.TokenClient();
        using var approved = await bearer.PostAsJsonAsync($"/api/approvals/{serial}/approve", new { reason = "by token" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("admin", (await Host.Grains.GetGrain<IApprovalGrain>(serial).GetAsync())!.DecidedBy);
    }
}
