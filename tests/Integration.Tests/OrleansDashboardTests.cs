using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Eals.Dashboard;

namespace Eals.Integration.Tests;

/// <summary>
/// Orleans' own dashboard under /orleans on the dashboard host of the embedded default (issue 7): only
/// for an authenticated administrator; its page and its JSON answer and show this silo's grains; the
/// <c>Dashboard:OrleansDashboard</c> switch takes it away.
/// </summary>
public sealed class OrleansDashboardTests : IAsyncLifetime
{
    private const string Token = "orleans-dashboard-test-token";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-orleans-dashboard-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Only_an_authenticated_operator_sees_the_dashboard_and_its_statistics_list_our_grains()
    {
        await using var host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http };
        foreach (string path in new[] { "/orleans", "/orleans/", "/orleans/DashboardCounters", "/orleans/ClusterStats" })
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.DoesNotContain("Orleans Dashboard", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // A browser asking for the page is sent to the login form, and comes back here after it.
        foreach (string path in new[] { "/orleans/index.html", "/orleans/" })
        {
            using var browser = new HttpRequestMessage(HttpMethod.Get, path);
            browser.Headers.Accept.ParseAdd("text/html");
            using var sentAway = await anonymous.SendAsync(browser);
            Assert.Equal(HttpStatusCode.Redirect, sentAway.StatusCode);
            Assert.Equal($"/login?returnUrl={Uri.EscapeDataString(path)}", sentAway.Headers.Location?.OriginalString);
            Assert.DoesNotContain("Orleans Dashboard", await sentAway.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongToken)).StatusCode);

        using var operatorClient = new HttpClient { BaseAddress = host.Http };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var page = await operatorClient.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await operatorClient.GetAsync("/orleans/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // A grain call of ours (the readiness probe asks the cluster pacer), then the dashboard's counters,
        // sampled each second, list that grain type on this silo.
        Assert.Equal("ready", await anonymous.GetStringAsync("/readyz"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement counters;
        while (true)
        {
            counters = JsonDocument.Parse(await operatorClient.GetStringAsync("/orleans/DashboardCounters", deadline.Token)).RootElement;
            if (counters.GetProperty("simpleGrainStats").EnumerateArray().Any(g => g.GetProperty("grainType").GetString() == "Eals.Grains.Pacing.ClusterPacerGrain"))
            {
                break;
            }
            await Task.Delay(200, deadline.Token);
        }
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32());
        var cluster = JsonDocument.Parse(await operatorClient.GetStringAsync("/orleans/ClusterStats")).RootElement;
        Assert.Equal(JsonValueKind.Object, cluster.ValueKind);
    }

    [Fact]
    public async Task The_switch_turns_the_dashboard_off()
    {
        await using var host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token, $"--{OrleansDashboardHosting.EnabledConfigurationKey}", "false");
        using var operatorClient = new HttpClient { BaseAddress = host.Http };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/orleans/DashboardCounters")).StatusCode);
        Assert.Equal("ready", await operatorClient.GetStringAsync("/readyz"));
    }
}
