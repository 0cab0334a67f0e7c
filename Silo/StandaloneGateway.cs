using Eals.Gateway.Hosting;
using Eals.Silo.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Eals.Silo;

/// <summary>
/// <c>--role gateway</c>: only the CoAP gateway (UDP), as an Orleans client of the cluster. It holds no
/// key and no pledge state: EDHOC messages go to the session grains, OSCORE requests by kid to the
/// context grains, so any gateway can take any datagram of any pledge.
/// </summary>
public static class StandaloneGateway
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
        var orleans = OrleansOptions.From(builder.Configuration);
        var cluster = ClusterModeOptions.From(builder.Configuration);
        builder.UseOrleansClient(client => client.UseConfiguredCluster(cluster, orleans));
        builder.Services.AddCoapGateway(builder.Configuration);
        builder.Services.AddEnrollmentRoutes(builder.Configuration);
        return builder.Build();
    }
}
