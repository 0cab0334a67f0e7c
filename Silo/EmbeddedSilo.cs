using Eals.Dashboard;
using Eals.Dashboard.Api;
using Eals.Gateway.Hosting;
using Eals.Masa;
using Eals.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Providers;

namespace Eals.Silo;

/// <summary>
/// Wires the embedded default: configuration from appsettings, environment and command line; the data
/// folder; one Orleans silo on loopback with all grain state in a SQLite file under the data folder;
/// the CoAP gateway; the dashboard host.
/// </summary>
public static class EmbeddedSilo
{
    public const string StorageFileName = "grains.db";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
        builder.WebHost.UseUrls(builder.Configuration[DashboardEndpoints.UrlsConfigurationKey] ?? DashboardEndpoints.DefaultUrls);

        var dataDirectory = DataDirectory.Prepare(builder.Configuration);
        builder.Services.AddSingleton(dataDirectory);
        builder.Services.AddCoapGateway(builder.Configuration);
        builder.Services.AddRegistrar(builder.Configuration, dataDirectory);
        if (EmbeddedMasa.IsHosted(builder.Configuration))
        {
            builder.Services.AddMasa(builder.Configuration, dataDirectory.Path);
            builder.Services.AddSingleton(new EmbeddedMasa());
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddDashboard();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(ApiTokenOptions.Scheme)
            .AddScheme<ApiTokenOptions, ApiTokenAuthenticationHandler>(ApiTokenOptions.Scheme, options =>
                options.TokenSha256 = OperatorToken.LoadHash(builder.Configuration[OperatorToken.ConfigurationKey], dataDirectory.Path));

        var orleans = builder.Configuration.GetSection(OrleansOptions.SectionName).Get<OrleansOptions>() ?? new OrleansOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            silo.Services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, options =>
                options.DatabasePath = Path.Combine(dataDirectory.Path, StorageFileName));
        });
        return builder;
    }

    /// <summary>Builds the application with its HTTP endpoints mapped.</summary>
    public static WebApplication Build(string[] args)
    {
        var app = CreateBuilder(args).Build();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDashboard();
        if (app.Services.GetService<EmbeddedMasa>() is not null)
        {
            app.MapGroup(EmbeddedMasa.PathPrefix).MapMasa();
        }
        return app;
    }
}
