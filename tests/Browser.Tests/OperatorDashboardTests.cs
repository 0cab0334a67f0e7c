using System.Net;
using System.Text.RegularExpressions;
using Eals.Integration.Tests;
using Microsoft.Playwright;

namespace Eals.Browser.Tests;

/// <summary>
/// An operator in a real browser: every pledge needs an operator's approval; one simulated pledge asks;
/// the operator logs in, sees it appear in the queue without reloading, approves it with a reason, and
/// sees it enrolled, still without a reload. Unauthenticated visitors are sent to the login page and the
/// API answers them 401.
/// </summary>
public sealed partial class OperatorDashboardTests : IAsyncLifetime
{
    private const string AdminPassword = "browser-test-admin-password";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-browser-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0,
            "--Registrar:AllowList:0", "NONE", "--Registrar:PendingRetryAfter", "00:00:01",
            "--Dashboard:BootstrapAdminPassword", AdminPassword);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private string Url(string path) => new Uri(_host.Http, path).ToString();

    [GeneratedRegex("/login")]
    private static partial Regex LoginPage();

    [Fact]
    public async Task An_unauthenticated_visitor_is_sent_to_login_and_the_api_answers_401()
    {
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url("/"));

        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());
        await Assertions.Expect(page.Locator("#login-submit")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("01-login"), FullPage = true });
        using var anonymous = new HttpClient { BaseAddress = _host.Http };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/fleet")).StatusCode);
    }

    [Fact]
    public async Task An_operator_sees_a_pledge_wait_approves_it_with_a_reason_and_sees_it_enrolled_live()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);

        await OperatorLogin.SignInAsync(page, _host.Http, AdminPassword);
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Assertions.Expect(page.GetByTestId("approvals-empty")).ToBeVisibleAsync();
        // From here on the page must never load again: everything arrives over the live stream.
        int navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("02-dashboard-empty"), FullPage = true });

        var output = new StringWriter();
        var fleet = Eals.Pledge.FleetCommand.RunAsync(["--count", "1", "--registrar", _host.Registrar.ToString(), "--data", _data], output, new StringWriter(), showProgress: false);

        var row = page.Locator("[data-testid^='approval-row-']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        string serial = (await row.GetAttributeAsync("data-testid"))!["approval-row-".Length..];
        await Assertions.Expect(row).ToContainTextAsync(serial);
        await Assertions.Expect(page.GetByTestId($"nonce-{serial}")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("pending-approvals")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("03-pledge-waiting"), FullPage = true });

        await page.GetByTestId($"reason-{serial}").FillAsync("delivery note 4711 checked");
        await page.GetByTestId($"approve-{serial}").ClickAsync();

        await Assertions.Expect(page.GetByTestId($"approval-row-{serial}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"pledge-state-{serial}")).ToHaveTextAsync("Enrolled");
        await Assertions.Expect(page.GetByTestId("fleet-count-Enrolled")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid^='certificate-row-']")).ToHaveCountAsync(1);
        await page.GetByTestId($"pledge-row-{serial}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pledge-timeline")).ToContainTextAsync("delivery note 4711 checked");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("04-pledge-enrolled"), FullPage = true });

        Assert.Equal(0, await fleet.WaitAsync(Patience));
        Assert.StartsWith("enrolled: 1, failed: 0", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, navigations);

        // Signing out ends the session: the dashboard is out of reach again.
        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page).ToHaveURLAsync(LoginPage());
    }
}
