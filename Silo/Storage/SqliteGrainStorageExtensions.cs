using Eals.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Eals.Silo.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> under a provider name.</summary>
public static class SqliteGrainStorageExtensions
{
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, SqliteGrainStorageSerializers>();
        services.TryAddTimeProvider();
        // The default storage also finds grains by their states' lookup keys.
        if (name == ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
        {
            services.AddSingleton<IGrainStateLookup>(provider => (SqliteGrainStorage)provider.GetRequiredKeyedService<IGrainStorage>(name));
        }
        return services.AddGrainStorage(name, (provider, providerName) => new SqliteGrainStorage(
            providerName,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(providerName),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SqliteGrainStorage>>()));
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
