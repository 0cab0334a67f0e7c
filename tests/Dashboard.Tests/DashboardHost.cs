using System.Globalization;
using Eals.Silo;
using Eals.Silo.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Eals.Dashboard.Tests;

/// <summary>
/// The embedded silo as `dotnet run --project Silo` runs it (free ports, loopback, its own data folder,
/// no CoAP gateway), with its log messages captured.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string ApiToken = "dashboard-test-operator-token";
    public const string AdminPassword = "bootstrap-admin-password-for-tests";

    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public Uri Http => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts a silo on <paramref name="data"/>; the bootstrap admin's password is <see cref="AdminPassword"/> unless <paramref name="randomAdminPassword"/>.</summary>
    public static async Task<DashboardHost> StartAsync(string data, bool randomAdminPassword = false, params string[] extra)
    {
        string[] args =
        [
            .. SiloArguments.For(data), "--Gateway:Enabled", "false", "--Dashboard:ApiToken", ApiToken,
            .. randomAdminPassword ? Array.Empty<string>() : ["--Dashboard:BootstrapAdminPassword", AdminPassword],
            .. extra,
        ];
        var logs = new CapturedLogs();
        var builder = EmbeddedSilo.CreateBuilder(args);
        builder.Logging.AddProvider(logs);
        var app = EmbeddedSilo.Build(builder);
        await app.StartAsync();
        return new DashboardHost(app, logs);
    }

    public static string NewDataFolder() =>
        Path.Combine(Path.GetTempPath(), "eals-dashboard-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));

    /// <summary>A client that authenticates with the API token (no cookies).</summary>
    public HttpClient TokenClient()
    {
        var client = new HttpClient { BaseAddress = Http };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
