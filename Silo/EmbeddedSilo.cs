using Eals.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Eals.Silo;

/// <summary>Wires the embedded default: configuration from appsettings, environment and command line; the data folder; the CoAP gateway.</summary>
public static class EmbeddedSilo
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);

        var dataDirectory = DataDirectory.Prepare(builder.Configuration);
        builder.Services.AddSingleton(dataDirectory);
        builder.Services.AddCoapGateway(builder.Configuration);
        return builder;
    }
}
