using System.Net;
using Eals.Grains.Fleet;
using Eals.Grains.Storage;
using Eals.Silo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Eals.Silo.Cluster;

/// <summary>
/// Wires a silo or a stand-alone gateway's Orleans client to the configured <see cref="ClusterProvider"/>:
/// loopback clustering with SQLite state, reminders and pledge directory (embedded default), or PostgreSQL
/// membership and reminders through Orleans' ADO.NET providers, and grain state (<see cref="PostgresGrainStorage"/>, the
/// default storage provider) and the pledge directory in the same database.
/// </summary>
public static class ClusterHosting
{
    public const string GrainStorageFileName = "grains.db";
    public const string ReminderFileName = "reminders.db";

    /// <summary>Orleans' ADO.NET grain storage, which held cluster mode's grain state before <see cref="PostgresGrainStorage"/>.</summary>
    public const string LegacyGrainStorageName = "adonet-before";

    public static ISiloBuilder UseConfiguredCluster(this ISiloBuilder silo, ClusterModeOptions cluster, OrleansOptions orleans, string dataFolder)
    {
        if (cluster.Provider == ClusterProvider.Localhost)
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            silo.Services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, options =>
                options.DatabasePath = Path.Combine(dataFolder, GrainStorageFileName));
            silo.Services.AddSingleton<IPledgeDirectoryStore>(sp => new SqlitePledgeDirectoryStore(
                sp.GetRequiredKeyedService<SqliteFileConnections>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)));
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(_ => new SqliteReminderTable(Path.Combine(dataFolder, ReminderFileName)));
            return silo;
        }
        PostgresSchema.EnsureAsync(cluster.ConnectionString).GetAwaiter().GetResult();
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = orleans.ClusterId;
            options.ServiceId = orleans.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: false);
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterModeOptions.PostgresInvariant;
            options.ConnectionString = cluster.ConnectionString;
        });
        // The releases before kept grain state in Orleans' ADO.NET provider: still registered, under its own name, to
        // read what they stored until each grain's next write moves it (PostgresGrainStorage).
        silo.AddAdoNetGrainStorage(LegacyGrainStorageName, options =>
        {
            options.Invariant = ClusterModeOptions.PostgresInvariant;
            options.ConnectionString = cluster.ConnectionString;
        });
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (provider, name) => new PostgresGrainStorage(
            name,
            cluster.ConnectionString,
            new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()),
            provider.GetRequiredKeyedService<IGrainStorage>(LegacyGrainStorageName),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        silo.Services.AddSingleton<IGrainStateLookup>(provider => (PostgresGrainStorage)provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = ClusterModeOptions.PostgresInvariant;
            options.ConnectionString = cluster.ConnectionString;
        });
        silo.Services.AddSingleton<IPledgeDirectoryStore>(_ => new PostgresPledgeDirectoryStore(cluster.ConnectionString));
        return silo;
    }

    public static IClientBuilder UseConfiguredCluster(this IClientBuilder client, ClusterModeOptions cluster, OrleansOptions orleans)
    {
        if (cluster.Provider == ClusterProvider.Localhost)
        {
            return client.UseLocalhostClustering(orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
        }
        PostgresSchema.EnsureAsync(cluster.ConnectionString).GetAwaiter().GetResult();
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = orleans.ClusterId;
            options.ServiceId = orleans.ServiceId;
        });
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterModeOptions.PostgresInvariant;
            options.ConnectionString = cluster.ConnectionString;
        });
    }
}
