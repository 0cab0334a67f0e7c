using Eals.Integration.Tests;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Microsoft.Playwright;

namespace Eals.Browser.Tests;

/// <summary>
/// An administrator manages pre-shared keys in a real browser: imports the file `psk-mint` wrote, sees the keys
/// (never their secrets), sees a key marked used once its pledge enrolled, is told why a second import of the
/// same file is refused, and removes a key.
/// </summary>
public sealed class PreSharedKeyPageTests : IAsyncLifetime
{
    private const string AdminPassword = "browser-test-admin-password";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-browser-psk-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:BootstrapAdminPassword", AdminPassword);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task An_administrator_imports_a_key_file_sees_the_keys_used_and_removed_and_never_a_secret()
    {
        string folder = Path.Combine(_data, "mint");
        Directory.CreateDirectory(folder);
        var batch = PskBatch.Mint(Enumerable.Range(1, 3).Select(i => $"EALS-PSK-UI-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}-{i}"));
        string importFile = batch.WriteImportFiles(folder).Single();
        var (used, removed) = (batch.Keys[0], batch.Keys[1]);

        await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await OperatorLogin.SignInAsync(page, _host.Http, AdminPassword);
        await Assertions.Expect(page.GetByTestId("psk-section")).ToBeVisibleAsync();

        await page.GetByTestId("psk-file").SetInputFilesAsync(importFile);
        await page.GetByTestId("psk-import").ClickAsync();

        await Assertions.Expect(page.GetByTestId("psk-message")).ToContainTextAsync("Imported 3 keys");
        await Assertions.Expect(page.Locator("[data-testid^='psk-row-']")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId($"psk-first-used-{used.Serial}")).ToHaveTextAsync("not yet");

        // The pledge enrolls with its key; the list shows the key used.
        await using (var connection = await RegistrarConnection.OpenAsync(_host.Registrar))
        {
            var result = await new PskEnroller(new RegistrarChannel(connection.Client, connection.Registrar), used, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance).EnrollAsync();
            Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        }
        await page.GetByTestId("psk-refresh").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"psk-first-used-{used.Serial}")).Not.ToHaveTextAsync("not yet");

        // The same file again: refused with the API's reason, nothing changes.
        await page.GetByTestId("psk-file").SetInputFilesAsync(importFile);
        await page.GetByTestId("psk-import").ClickAsync();
        await Assertions.Expect(page.GetByTestId("psk-message")).ToContainTextAsync("Nothing imported: line 1:");
        await Assertions.Expect(page.Locator("[data-testid^='psk-row-']")).ToHaveCountAsync(3);

        await page.GetByTestId($"psk-remove-{removed.Serial}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"psk-row-{removed.Serial}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid^='psk-row-']")).ToHaveCountAsync(2);
        // Its pledge counts in the fleet like any other, live.
        await Assertions.Expect(page.GetByTestId("fleet-count-Enrolled")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId($"pledge-state-{used.Serial}")).ToHaveTextAsync("Enrolled");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("05-pre-shared-keys"), FullPage = true });

        string shown = await page.ContentAsync();
        Assert.All(batch.Keys, k => Assert.DoesNotContain(Convert.ToHexStringLower(k.MasterSecret), shown, StringComparison.OrdinalIgnoreCase));
    }
}
