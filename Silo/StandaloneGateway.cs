using Eals.Gateway.Hosting;
using Eals.Protocol.Crypto;
using Eals.Silo.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace Eals.Silo;

/// <summary>
/// <c>--role gateway</c>: only the CoAP gateway (UDP), as an Orleans client of the cluster. It holds no
/// pledge's key and no pledge state (only the routing secret, <see cref="RoutingKeys"/>): EDHOC messages go to the session grains, OSCORE requests by kid to the
/// context grains, so any gateway can take any datagram of any pledge. A small HTTP listener
/// (<see cref="GatewayHealth"/>) serves its probes and metrics.
/// </summary>
public static class StandaloneGateway
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
        builder.WebHost.UseUrls(builder.Configuration[GatewayHealth.UrlsConfigurationKey] ?? GatewayHealth.DefaultUrls);
        // The health listener and the UDP sockets come up while the Orleans client still tries to connect.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        var orleans = OrleansOptions.From(builder.Configuration);
        var cluster = ClusterModeOptions.From(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseConfiguredCluster(cluster, orleans);
            client.UseConnectionRetryFilter<RetryingClusterConnection>();
        });
        // The routing secret (Echo values, connection identifier tags) is the only key a gateway holds: it decrypts nothing.
        builder.Services.AddSingleton(new RoutingKeys(StateKeyFile.LoadOrCreateRoutingKey(builder.Configuration, DataDirectory.Prepare(builder.Configuration).Path)));
        builder.Services.AddCoapGateway(builder.Configuration);
        builder.Services.AddEnrollmentRoutes(builder.Configuration);
        builder.Services.AddObservability(builder.Configuration);
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.MapGatewayHealth();
        return app;
    }
}
