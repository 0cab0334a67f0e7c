using Eals.Dashboard;
using Eals.Dashboard.Security;
using Eals.Gateway.Hosting;
using Eals.Masa;
using Eals.Silo.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Eals.Silo;

/// <summary>
/// Wires a silo: configuration from appsettings, environment and command line; the data folder; the
/// Orleans silo (embedded default: loopback, grain state and reminders in SQLite under the data folder;
/// <c>Cluster:Provider=postgres</c>: a member of a PostgreSQL cluster); the CoAP gateway unless
/// <c>Gateway:Enabled=false</c>; the dashboard host.
/// </summary>
public static class EmbeddedSilo
{
    public const string StorageFileName = ClusterHosting.GrainStorageFileName;

    /// <summary>Whether this process runs a CoAP gateway next to its silo (stand-alone gateways may do it instead).</summary>
    public static bool RunsGateway(IConfiguration configuration) => configuration.GetValue("Gateway:Enabled", defaultValue: true);

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
        var files = SharedDataFiles.Prepare(builder.Configuration, dataDirectory);
        builder.Services.AddSingleton(dataDirectory);
        if (RunsGateway(builder.Configuration))
        {
            builder.Services.AddCoapGateway(builder.Configuration);
            builder.Services.AddEnrollmentRoutes(builder.Configuration);
        }
        builder.Services.AddRegistrar(builder.Configuration, files);
        builder.Services.AddOscoreNonceLog(builder.Configuration);
        builder.Services.AddObservability(builder.Configuration);
        if (EmbeddedMasa.IsHosted(builder.Configuration))
        {
            builder.Services.AddMasa(builder.Configuration, dataDirectory.Path);
            builder.Services.AddSingleton(new EmbeddedMasa());
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddDashboard();
        // Operator accounts, session cookie, API token, OIDC, policies, CSRF, audit (Dashboard/Security).
        builder.Services.AddOperatorSecurity(builder.Configuration, files.OperatorTokenHash, Path.Combine(dataDirectory.Path, "keys", "dashboard"));

        var orleans = OrleansOptions.From(builder.Configuration);
        var cluster = ClusterModeOptions.From(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseConfiguredCluster(cluster, orleans, dataDirectory.Path);
            silo.AddGrainCallTelemetry(builder.Configuration, clustered: cluster.Provider == ClusterProvider.Postgres);
            silo.AddOrleansDashboardWhenEnabled(builder.Configuration);
            silo.UseKubernetesHostingWhenDeployed(builder.Configuration);
        });
        return builder;
    }

    /// <summary>Builds the application with its HTTP endpoints mapped.</summary>
    public static WebApplication Build(string[] args) => Build(CreateBuilder(args));

    /// <summary>Builds <paramref name="builder"/> (from <see cref="CreateBuilder"/>, services possibly added) with its HTTP endpoints mapped.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseOperatorSecurity();
        app.MapDashboard();
        app.MapPrometheusScrapingEndpoint(Observability.MetricsPath);
        if (app.Services.GetService<EmbeddedMasa>() is not null)
        {
            app.MapGroup(EmbeddedMasa.PathPrefix).MapMasa();
        }
        return app;
    }
}
