using System.Globalization;
using Eals.Gateway.JoinProxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eals.Integration.Tests;

/// <summary>A join proxy in-process on loopback (free port), hosted as `Silo --role join-proxy` hosts it, in front of a registrar.</summary>
public sealed class JoinProxyHost : IAsyncDisposable
{
    private readonly IHost _host;

    private JoinProxyHost(IHost host) => _host = host;

    /// <summary>Where pledges send: the proxy, as if it were the registrar.</summary>
    public Uri Registrar => new($"coap://127.0.0.1:{_host.Services.GetRequiredService<JoinProxyHostedService>().PledgeEndPoint!.Port}");

    public JoinProxyStatistics Statistics => _host.Services.GetRequiredService<JoinProxyRelay>().Statistics;

    public static Task<JoinProxyHost> StartAsync(int registrarPort, double rate = 10_000, int burst = 10_000)
        => StartAsync($"127.0.0.1:{registrarPort}", rate, burst);

    public static async Task<JoinProxyHost> StartAsync(string upstream, double rate = 10_000, int burst = 10_000)
    {
        var invariant = CultureInfo.InvariantCulture;
        var builder = Host.CreateApplicationBuilder([
            "--role", JoinProxyCommandLine.Role,
            "--JoinProxy:Upstream", upstream,
            "--JoinProxy:Port", "0",
            "--JoinProxy:Rate", rate.ToString(invariant),
            "--JoinProxy:Burst", burst.ToString(invariant)]);
        builder.Logging.ClearProviders();
        builder.Services.AddJoinProxy(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new JoinProxyHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
