using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Eals.Dashboard.Tests;

/// <summary>What a browser does: keeps cookies, does not follow redirects by itself (tests look at them), logs in through the form.</summary>
public sealed partial class BrowserSession : IDisposable
{
    /// <param name="cookies">The cookies of an earlier session (the same browser coming back), or none.</param>
    public BrowserSession(Uri host, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = host };
        Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client { get; }

    /// <summary>Fetches the login form and posts it with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string username, string password, string? returnUrl = null)
    {
        string page = await Client.GetStringAsync("/login");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = FormToken(page), ["username"] = username, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await Client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    public async Task LoginOrThrowAsync(string username, string password)
    {
        using var response = await LoginAsync(username, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>GET /auth/session as the UI's script does (JSON, not HTML).</summary>
    public async Task<HttpResponseMessage> SessionAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/session");
        request.Headers.Accept.ParseAdd("application/json");
        return await Client.SendAsync(request);
    }

    /// <summary>An API call as the UI's script makes it: JSON, with the CSRF token from /auth/session unless <paramref name="csrf"/> is false.</summary>
    public async Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, object? body = null, bool csrf = true)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (csrf)
        {
            using var session = await SessionAsync();
            session.EnsureSuccessStatusCode();
            var json = await session.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            request.Headers.Add("X-CSRF-TOKEN", json.GetProperty("csrfToken").GetString());
        }
        return await Client.SendAsync(request);
    }

    public static string FormToken(string html) => TokenField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The login page has no antiforgery token.");

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
