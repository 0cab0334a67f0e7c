using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Dashboard.Security;
using Eals.Grains.Operators;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard.Tests;

/// <summary>Every unsafe API call and every login is in the day's audit log: who, by which scheme, what, outcome, from where; never a password.</summary>
public sealed class AuditTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private DashboardHost Host => fixture.Host;

    private async Task<List<JsonElement>> TodayAsync()
    {
        using var admin = Host.TokenClient();
        var entries = new List<JsonElement>();
        for (int? page = 0; page is not null;)
        {
            var json = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?day={DateTime.UtcNow:yyyy-MM-dd}&page={page}");
            entries.AddRange(json.GetProperty("entries").EnumerateArray());
            page = json.GetProperty("nextPage").ValueKind == JsonValueKind.Null ? null : json.GetProperty("nextPage").GetInt32();
        }
        return entries;
    }

    [Fact]
    public async Task Actions_refusals_and_logins_are_recorded_without_passwords()
    {
        string name = await Accounts.CreateAsync(Host, "audited", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);
        const string WrongPassword = "wrong-password-that-must-not-leak";
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LoginAsync(name, WrongPassword)).StatusCode);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        string serial = Accounts.NewSerial();
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.ApiAsync(HttpMethod.Post, $"/api/approvals/{serial}/approve", new { reason = "try" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.ApiAsync(HttpMethod.Post, $"/api/approvals/{serial}/approve", new { reason = "try" }, csrf: false)).StatusCode);
        using var bearer = Host.TokenClient();
        (await bearer.PostAsJsonAsync($"/api/approvals/{serial}/approve", new { reason = "audit me" })).EnsureSuccessStatusCode();

        var entries = await TodayAsync();

        Assert.Contains(entries, e => Is(e, "POST /login", name, 401) && e.GetProperty("detail").GetString() == "login failed");
        Assert.Contains(entries, e => Is(e, "POST /login", name, 302) && e.GetProperty("scheme").GetString() == "Cookie");
        Assert.Contains(entries, e => Is(e, "POST /api/approvals/{serial}/approve", name, 403) && e.GetProperty("target").GetString() == $"/api/approvals/{serial}/approve");
        Assert.Contains(entries, e => Is(e, "POST /api/approvals/{serial}/approve", name, 400) && e.GetProperty("target").GetString() == $"/api/approvals/{serial}/approve");
        var approved = entries.Single(e => Is(e, "POST /api/approvals/{serial}/approve", "admin", 200) && e.GetProperty("target").GetString() == $"/api/approvals/{serial}/approve");
        Assert.Equal("ApiToken", approved.GetProperty("scheme").GetString());
        Assert.Equal("127.0.0.1", approved.GetProperty("remoteAddress").GetString());
        Assert.Contains(entries, e => Is(e, "POST /api/accounts", "admin", 201));
        string all = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.DoesNotContain(WrongPassword, all);
        Assert.DoesNotContain(Accounts.Password, all);
        Assert.DoesNotContain(DashboardHost.ApiToken, all);
    }

    [Fact]
    public async Task Anonymous_unsafe_calls_are_audited_and_only_admins_read_the_log()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.Http };
        string serial = Accounts.NewSerial();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/approvals/{serial}/reject", new { reason = "x" })).StatusCode);
        Assert.Contains(await TodayAsync(), e => e.GetProperty("target").GetString() == $"/api/approvals/{serial}/reject"
            && e.GetProperty("status").GetInt32() == 401 && e.GetProperty("operator").ValueKind == JsonValueKind.Null);

        string name = await Accounts.CreateAsync(Host, "nosy", OperatorRoles.Approver);
        using var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.ApiAsync(HttpMethod.Get, "/api/audit", csrf: false)).StatusCode);
        using var admin = Host.TokenClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?day=yesterday")).StatusCode);
    }

    [Fact]
    public async Task A_full_page_sends_later_entries_to_the_next_page()
    {
        // A past day of its own, filled through the host's audit log service.
        var day = new DateOnly(2001, 1, 1).AddDays(Random.Shared.Next(0, 3000));
        var entry = new AuditEntry(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "filler", "ApiToken", "POST /api/x", "/api/x", 200, "127.0.0.1", null);
        var log = Host.Services.GetRequiredService<OperatorAuditLog>();
        for (int i = 0; i < OperatorAuditGrain.PageSize; i++)
        {
            await log.AppendAsync(entry);
        }
        await log.AppendAsync(entry with { Operator = "overflow" });
        Assert.False(await Host.Grains.GetGrain<IOperatorAuditGrain>(OperatorAuditGrain.Key(day, 0)).AppendAsync(entry));

        using var admin = Host.TokenClient();
        var page0 = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?day={day:yyyy-MM-dd}");
        var page1 = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?day={day:yyyy-MM-dd}&page=1");
        Assert.Equal(OperatorAuditGrain.PageSize, page0.GetProperty("entries").GetArrayLength());
        Assert.Equal(1, page0.GetProperty("nextPage").GetInt32());
        Assert.Equal("overflow", page1.GetProperty("entries")[0].GetProperty("operator").GetString());
        Assert.Equal(JsonValueKind.Null, page1.GetProperty("nextPage").ValueKind);
    }

    private static bool Is(JsonElement entry, string action, string? name, int status) =>
        entry.GetProperty("action").GetString() == action && entry.GetProperty("operator").GetString() == name && entry.GetProperty("status").GetInt32() == status;
}
