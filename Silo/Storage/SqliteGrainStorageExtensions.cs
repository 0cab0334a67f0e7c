using Eals.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Eals.Silo.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> under a provider name, with its file's shared connections (<see cref="SqliteFileConnections"/>) under the same name.</summary>
public static class SqliteGrainStorageExtensions
{
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, SqliteGrainStorageSerializers>();
        services.TryAddTimeProvider();
        // The file's writer and readers, keyed by the provider's name: other stores on the file share them.
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
            return new SqliteFileConnections(name, options.DatabasePath, options.SynchronousFull);
        });
        // The default storage also finds grains by their states' lookup keys.
        if (name == ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
        {
            services.AddSingleton<IGrainStateLookup>(provider => (SqliteGrainStorage)provider.GetRequiredKeyedService<IGrainStorage>(name));
        }
        return services.AddGrainStorage(name, (provider, providerName) => new SqliteGrainStorage(
            providerName,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(providerName),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SqliteGrainStorage>>(),
            provider.GetRequiredKeyedService<SqliteFileConnections>(providerName)));
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
