using System.Net;
using System.Text.RegularExpressions;
using Eals.Grains.Operators;

namespace Eals.Dashboard.Tests;

/// <summary>Tests that replace the process's console: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>
/// First run: the bootstrap admin's random password is printed once on the console, never in the logs;
/// a restart prints nothing and the password still works; a configured password is used as given.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class BootstrapTests
{
    [Fact]
    public async Task The_random_admin_password_is_printed_once_and_never_logged_nor_printed_again()
    {
        string data = DashboardHost.NewDataFolder();
        var original = Console.Out;
        try
        {
            var firstRun = new ConsoleCapture();
            Console.SetOut(firstRun);
            string password;
            var cookies = new System.Net.CookieContainer();
            await using (var host = await DashboardHost.StartAsync(data, randomAdminPassword: true))
            {
                var printed = PasswordLine().Matches(firstRun.ToString());
                password = Assert.Single(printed).Groups[1].Value;
                Assert.True(password.Length >= OperatorAccountsGrain.MinPasswordLength);
                Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
                Assert.Contains(host.Logs.Lines, l => l.Contains("Bootstrap admin 'admin' created, password printed on the console", StringComparison.Ordinal));
                using var browser = new BrowserSession(host.Http, cookies);
                await browser.LoginOrThrowAsync("admin", password);
                Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
            }

            var secondRun = new ConsoleCapture();
            Console.SetOut(secondRun);
            await using (var host = await DashboardHost.StartAsync(data, randomAdminPassword: true))
            {
                Assert.Empty(PasswordLine().Matches(secondRun.ToString()));
                Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Bootstrap admin", StringComparison.Ordinal));
                // The session opened before the restart is still valid: its keys are kept in the data folder.
                using var returning = new BrowserSession(host.Http, cookies);
                Assert.Equal(HttpStatusCode.OK, (await returning.SessionAsync()).StatusCode);
                using var browser = new BrowserSession(host.Http);
                await browser.LoginOrThrowAsync("admin", password);
                Assert.Single(await host.Grains.GetGrain<IOperatorAccountsGrain>(0).ListAsync());
            }
        }
        finally
        {
            Console.SetOut(original);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_configured_admin_password_is_used_and_not_printed_and_bootstrap_happens_only_without_accounts()
    {
        string data = DashboardHost.NewDataFolder();
        var original = Console.Out;
        try
        {
            var output = new ConsoleCapture();
            Console.SetOut(output);
            await using var host = await DashboardHost.StartAsync(data);

            Assert.DoesNotContain(DashboardHost.AdminPassword, output.ToString(), StringComparison.Ordinal);
            Assert.Empty(PasswordLine().Matches(output.ToString()));
            using var browser = new BrowserSession(host.Http);
            await browser.LoginOrThrowAsync("admin", DashboardHost.AdminPassword);
            // Another silo starting later (or at the same time: the grain serialises) creates nothing.
            var accounts = host.Grains.GetGrain<IOperatorAccountsGrain>(0);
            bool[] created = await Task.WhenAll(accounts.BootstrapAsync("admin", "another password for admin"), accounts.BootstrapAsync("admin", "a third password for admin"));
            Assert.All(created, Assert.False);
            using var again = new BrowserSession(host.Http);
            Assert.Equal(HttpStatusCode.Unauthorized, (await again.LoginAsync("admin", "another password for admin")).StatusCode);
        }
        finally
        {
            Console.SetOut(original);
            Directory.Delete(data, recursive: true);
        }
    }

    [GeneratedRegex(@"Operator account 'admin' created; its password \(shown only this once\): (\S+)")]
    private static partial Regex PasswordLine();
}
