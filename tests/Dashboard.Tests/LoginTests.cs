using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Grains.Operators;

namespace Eals.Dashboard.Tests;

/// <summary>The login form, the session cookie, lockout, redirects and the security headers, over real HTTP.</summary>
public sealed class LoginTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task The_login_page_is_a_plain_form_with_the_ids_the_ui_uses_and_strict_headers()
    {
        using var browser = new BrowserSession(Host.Http);
        using var page = await browser.Client.GetAsync("/login");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        foreach (string id in new[] { "id=\"username\"", "id=\"password\"", "id=\"login-submit\"" })
        {
            Assert.Contains(id, html);
        }
        Assert.DoesNotContain("login-error", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        string csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_good_password_sets_an_httponly_strict_cookie_and_the_session_names_the_operator()
    {
        string name = await Accounts.CreateAsync(Host, "viewer", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);

        using var login = await browser.LoginAsync(name, Accounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);
        string cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("eals.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var session = await browser.SessionAsync();
        var json = await session.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, json.GetProperty("name").GetString());
        Assert.Equal([OperatorRoles.Viewer], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("csrfToken").GetString()));
        using var approvals = await browser.ApiAsync(HttpMethod.Get, "/api/approvals", csrf: false);
        Assert.Equal(HttpStatusCode.OK, approvals.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_an_error_and_no_session()
    {
        string name = await Accounts.CreateAsync(Host, "wrong", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);

        using var login = await browser.LoginAsync(name, "not the password at all");

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        string html = await login.Content.ReadAsStringAsync();
        Assert.Contains("id=\"login-error\"", html);
        Assert.Contains("Wrong user name or password", html);
        Assert.DoesNotContain(login.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("eals.session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).StatusCode);
        // An unknown user gets the same answer.
        using var unknown = await browser.LoginAsync("nobody-" + name, "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_a_minute_even_against_the_right_password()
    {
        string name = await Accounts.CreateAsync(Host, "locked", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);
        for (int i = 0; i < OperatorAccountsGrain.MaxFailedLogins - 1; i++)
        {
            using var failed = await browser.LoginAsync(name, "guess number " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var fifth = await browser.LoginAsync(name, "guess number five");
        Assert.Equal((HttpStatusCode)429, fifth.StatusCode);

        using var right = await browser.LoginAsync(name, Accounts.Password);

        Assert.Equal((HttpStatusCode)429, right.StatusCode);
        Assert.Contains("Too many failed logins", await right.Content.ReadAsStringAsync());
        int retryAfter = int.Parse(right.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var account = await Host.Grains.GetGrain<IOperatorAccountsGrain>(0).GetAsync(name);
        Assert.NotNull(account!.LockedUntil);
        // An admin's reset unlocks it.
        using var admin = Host.TokenClient();
        (await admin.PutAsJsonAsync($"/api/accounts/{name}/password", new { password = Accounts.Password })).EnsureSuccessStatusCode();
        await browser.LoginOrThrowAsync(name, Accounts.Password);
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        string name = await Accounts.CreateAsync(Host, "csrf-login", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);

        using var login = await browser.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = name, ["password"] = Accounts.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Contains("CSRF token", await login.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).StatusCode);
    }

    [Theory]
    [InlineData("/ui/approvals?x=1", "/ui/approvals?x=1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public async Task After_login_the_browser_returns_only_to_a_local_path(string returnUrl, string expected)
    {
        string name = await Accounts.CreateAsync(Host, "redirect", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);

        using var login = await browser.LoginAsync(name, Accounts.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(expected, login.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/approvals")]
    public async Task An_anonymous_browser_is_sent_to_the_login_page_for_ui_pages(string path)
    {
        using var browser = new BrowserSession(Host.Http);

        using var page = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_anonymous_browser_asking_for_any_protected_html_is_sent_to_the_login_page()
    {
        using var browser = new BrowserSession(Host.Http);

        using var page = await browser.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fopenapi%2Fv1.json", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_api_answers_an_anonymous_caller_401_problem_details_never_a_redirect()
    {
        using var browser = new BrowserSession(Host.Http);
        using var anonymous = new HttpClient { BaseAddress = Host.Http };

        using var fromBrowser = await browser.Client.GetAsync("/api/approvals");
        using var fromScript = await anonymous.GetAsync("/api/pacing");
        using var post = await anonymous.PostAsJsonAsync("/api/accounts", new { username = "x", password = "y", roles = new[] { "admin" } });

        Assert.Equal(HttpStatusCode.Unauthorized, fromBrowser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fromScript.StatusCode);
        Assert.Equal("application/problem+json", fromScript.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Null(await Host.Grains.GetGrain<IOperatorAccountsGrain>(0).GetAsync("x"));
    }

    [Fact]
    public async Task Logout_ends_the_session_and_needs_the_csrf_token()
    {
        string name = await Accounts.CreateAsync(Host, "logout", OperatorRoles.Viewer);
        using var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);

        using var forged = await browser.ApiAsync(HttpMethod.Post, "/logout", csrf: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.SessionAsync()).StatusCode);

        using var logout = await browser.ApiAsync(HttpMethod.Post, "/logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).StatusCode);
        using var admin = Host.TokenClient();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?day={DateTime.UtcNow:yyyy-MM-dd}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "POST /logout"
            && e.GetProperty("operator").GetString() == name && e.GetProperty("detail").GetString() == "logout");
    }
}
