using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Eals.Pacing.Tests;

namespace Eals.Integration.Tests.Operator;

/// <summary>
/// The operator API over real HTTP while a small fleet enrolls through the embedded silo: fleet figures,
/// pledge search, the certificate listing and PEM download, and problem details for bad queries.
/// </summary>
public sealed class FleetApiTests(EnrolledFleet fleet) : IClassFixture<EnrolledFleet>
{
    private HttpClient Api => fleet.Api;

    private static long Completed(JsonElement overview) =>
        overview.GetProperty("completedPerMinute").EnumerateArray().Sum(m => m.GetProperty("completed").GetInt64());

    private static long Count(JsonElement overview, string state) => overview.GetProperty("counts").GetProperty(state).GetInt64();

    [Fact]
    public async Task Fleet_counts_and_the_per_minute_series_move_as_the_fleet_enrolls()
    {
        Assert.Equal(0, Count(fleet.Before, "Enrolled"));
        Assert.Equal(0, Completed(fleet.Before));
        Assert.Equal(60, fleet.Before.GetProperty("completedPerMinute").GetArrayLength());

        JsonElement after = default;
        await Eventually.TrueAsync(async () =>
        {
            after = await Api.GetFromJsonAsync<JsonElement>("/api/fleet");
            return Count(after, "Enrolled") == EnrolledFleet.Count && Completed(after) == EnrolledFleet.Count;
        }, "the fleet figures did not reach the enrolled fleet");

        Assert.Equal(0, Count(after, "EdhocInProgress"));
        Assert.Equal(0, Count(after, "Failed"));
        Assert.Equal(0, after.GetProperty("inFlight").GetInt32());
        var lastMinutes = after.GetProperty("completedPerMinute").EnumerateArray().TakeLast(2).Sum(m => m.GetProperty("completed").GetInt64());
        Assert.Equal(EnrolledFleet.Count, lastMinutes);
        var day = await Api.GetFromJsonAsync<JsonElement>("/api/fleet?minutes=1440");
        Assert.Equal(1440, day.GetProperty("completedPerMinute").GetArrayLength());
        Assert.Equal(EnrolledFleet.Count, Completed(day));
    }

    [Fact]
    public async Task Search_finds_a_pledge_by_serial_prefix_substring_and_state()
    {
        string serial = fleet.Serials[1];
        var byPrefix = await Api.GetFromJsonAsync<JsonElement>($"/api/pledges?q={Uri.EscapeDataString(serial[..^3])}&state=Enrolled&page=1");
        Assert.Contains(byPrefix.GetProperty("items").EnumerateArray(), p => p.GetProperty("serial").GetString() == serial && p.GetProperty("status").GetString() == "Enrolled");
        Assert.Equal(EnrolledFleet.Count, byPrefix.GetProperty("total").GetInt64());

        var bySubstring = await Api.GetFromJsonAsync<JsonElement>($"/api/pledges?q={Uri.EscapeDataString(serial[^4..].ToLowerInvariant())}");
        Assert.Equal([serial], bySubstring.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("serial").GetString()));

        var failed = await Api.GetFromJsonAsync<JsonElement>($"/api/pledges?q={Uri.EscapeDataString(serial)}&state=failed");
        Assert.Equal(0, failed.GetProperty("total").GetInt64());
        Assert.Empty(failed.GetProperty("items").EnumerateArray());

        var all = await Api.GetFromJsonAsync<JsonElement>("/api/pledges");
        Assert.Equal(fleet.Serials, all.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("serial").GetString()!));
        var timeline = await Api.GetFromJsonAsync<JsonElement>($"/api/pledges/{serial}");
        Assert.Contains(timeline.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "enroll" && e.GetProperty("outcome").GetString() == "issued");
    }

    [Fact]
    public async Task Issued_certificates_are_listed_newest_first_and_download_as_the_pledges_ldevid()
    {
        var list = await Api.GetFromJsonAsync<JsonElement>("/api/certificates?page=1");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(EnrolledFleet.Count, list.GetProperty("total").GetInt64());
        Assert.Equal(fleet.Serials, items.Select(c => c.GetProperty("pledgeSerial").GetString()!).Order(StringComparer.Ordinal));
        var issuedAt = items.Select(c => c.GetProperty("issuedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(issuedAt.OrderDescending(), issuedAt);

        foreach (string pledge in fleet.Serials)
        {
            using var ldevid = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(fleet.Data, "pledges", pledge, "ldevid.pem")));
            var entry = items.Single(c => c.GetProperty("pledgeSerial").GetString() == pledge);
            string serialHex = entry.GetProperty("serialHex").GetString()!;
            Assert.Equal(ldevid.SerialNumber, serialHex);

            var detail = await Api.GetFromJsonAsync<JsonElement>($"/api/certificates/{serialHex.ToLowerInvariant()}");
            Assert.Equal(pledge, detail.GetProperty("pledgeSerial").GetString());
            Assert.Equal(ldevid.Subject, detail.GetProperty("subject").GetString());

            using var pem = await Api.GetAsync(detail.GetProperty("pemUrl").GetString());
            pem.EnsureSuccessStatusCode();
            Assert.Equal("application/x-pem-file", pem.Content.Headers.ContentType!.MediaType);
            using var downloaded = X509Certificate2.CreateFromPem(await pem.Content.ReadAsStringAsync());
            Assert.Equal(ldevid.RawData, downloaded.RawData);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/certificates/ABCDEF0123.pem")).StatusCode);
    }

    [Theory]
    [InlineData("/api/pledges?page=0")]
    [InlineData("/api/pledges?page=abc")]
    [InlineData("/api/pledges?page=-1")]
    [InlineData("/api/pledges?page=41")]
    [InlineData("/api/pledges?state=Sleeping")]
    [InlineData("/api/pledges?state=2")]
    [InlineData("/api/pledges?q=%01")]
    [InlineData("/api/certificates?page=1.5")]
    [InlineData("/api/certificates/not-hex")]
    [InlineData("/api/certificates/xyz.pem")]
    [InlineData("/api/fleet?minutes=0")]
    [InlineData("/api/fleet?minutes=1441")]
    public async Task Bad_paging_and_queries_get_problem_details(string path)
    {
        using var response = await Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_search_longer_than_allowed_is_refused()
    {
        using var response = await Api.GetAsync("/api/pledges?q=" + new string('A', 65));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/fleet")]
    [InlineData("/api/pledges")]
    [InlineData("/api/certificates")]
    [InlineData("/api/certificates/ABCDEF.pem")]
    [InlineData("/api/events")]
    public async Task The_api_answers_401_without_an_authenticated_operator(string path)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fleet.Host.Http };
        using var response = await anonymous.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/app.js")]
    public async Task Ui_pages_send_an_unauthenticated_visitor_to_the_login_page(string path)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fleet.Host.Http };
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("app.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ui_is_served_from_the_silo_under_a_strict_content_security_policy()
    {
        using var page = await Api.GetAsync("/");
        page.EnsureSuccessStatusCode();
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        foreach (string asset in new[] { "/ui/app.js", "/ui/app.css" })
        {
            Assert.Contains(asset, html, StringComparison.Ordinal);
            (await Api.GetAsync(asset)).EnsureSuccessStatusCode();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/ui/missing.js")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_new_routes()
    {
        var document = await Api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string path in new[] { "/api/fleet", "/api/pledges", "/api/pledges/{serial}", "/api/certificates", "/api/certificates/{serial}", "/api/certificates/{serial}.pem", "/api/events", "/api/approvals", "/api/pacing" })
        {
            Assert.Contains(path, paths);
        }
    }
}
