using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Grains.Operators;

namespace Eals.Dashboard.Tests;

/// <summary>The account admin API: create, list, roles, reset, delete (never the last admin), and one's own password.</summary>
public sealed class AccountTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task Accounts_are_listed_without_any_password_material_and_bad_input_changes_nothing()
    {
        string name = await Accounts.CreateAsync(Host, "listed", OperatorRoles.Approver);
        using var admin = Host.TokenClient();

        string listed = await admin.GetStringAsync("/api/accounts");
        var entry = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(a => a.GetProperty("username").GetString() == name);
        Assert.Equal([OperatorRoles.Approver], entry.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("salt", listed, StringComparison.OrdinalIgnoreCase);

        using var weak = await admin.PostAsJsonAsync("/api/accounts", new { username = "weak-" + name, password = "short", roles = new[] { "viewer" } });
        using var badRole = await admin.PostAsJsonAsync("/api/accounts", new { username = "role-" + name, password = Accounts.Password, roles = new[] { "root" } });
        using var taken = await admin.PostAsJsonAsync("/api/accounts", new { username = name, password = Accounts.Password, roles = new[] { "viewer" } });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("application/problem+json", weak.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var accounts = Host.Grains.GetGrain<IOperatorAccountsGrain>(0);
        Assert.Null(await accounts.GetAsync("weak-" + name));
        Assert.Null(await accounts.GetAsync("role-" + name));
        Assert.Equal([OperatorRoles.Approver], (await accounts.GetAsync(name))!.Roles);
    }

    [Fact]
    public async Task Changing_roles_ends_the_accounts_open_session_and_the_new_login_has_the_new_roles()
    {
        string name = await Accounts.CreateAsync(Host, "promoted", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        using var admin = Host.TokenClient();

        (await admin.PutAsJsonAsync($"/api/accounts/{name}/roles", new { roles = new[] { "approver" } })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).StatusCode);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        using var approve = await browser.ApiAsync(HttpMethod.Post, $"/api/approvals/{Accounts.NewSerial()}/approve", new { reason = "now allowed" });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
    }

    [Fact]
    public async Task An_operator_changes_their_own_password_proving_the_current_one()
    {
        string name = await Accounts.CreateAsync(Host, "self", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        const string NewPassword = "a much better passphrase";

        using var wrong = await browser.ApiAsync(HttpMethod.Post, "/api/account/password", new { currentPassword = "not it at all", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        using var changed = await browser.ApiAsync(HttpMethod.Post, "/api/account/password", new { currentPassword = Accounts.Password, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var fresh = new BrowserSession(Host.Http);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.LoginAsync(name, Accounts.Password)).StatusCode);
        await fresh.LoginOrThrowAsync(name, NewPassword);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_deleted_or_demoted_but_other_accounts_can_be_deleted()
    {
        // This host's only admin account is the bootstrap admin (admins made by other tests are removed here first).
        using var admin = Host.TokenClient();
        foreach (var account in (await Host.Grains.GetGrain<IOperatorAccountsGrain>(0).ListAsync()).Where(a => a.Username != "admin" && a.Roles.Contains(OperatorRoles.Admin)))
        {
            (await admin.DeleteAsync($"/api/accounts/{account.Username}")).EnsureSuccessStatusCode();
        }

        using var delete = await admin.DeleteAsync("/api/accounts/admin");
        using var demote = await admin.PutAsJsonAsync("/api/accounts/admin/roles", new { roles = new[] { "viewer" } });

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal([OperatorRoles.Admin], (await Host.Grains.GetGrain<IOperatorAccountsGrain>(0).GetAsync("admin"))!.Roles);
        string other = await Accounts.CreateAsync(Host, "gone", OperatorRoles.Viewer);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/accounts/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/accounts/{other}")).StatusCode);
        using var browser = new BrowserSession(Host.Http);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LoginAsync(other, Accounts.Password)).StatusCode);
    }
}
