using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Grains.Pacing;

public static class PacingServiceCollectionExtensions
{
    /// <summary>What the pacing grains need in a silo: options from section "Pacing" (validated at start) and the metrics.</summary>
    public static IServiceCollection AddPacing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PacingOptions>().Bind(configuration.GetSection(PacingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<PacingMetrics>();
        services.AddSingleton<LeaseReleases>();
        services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>>(sp => sp.GetRequiredService<LeaseReleases>());
        return services;
    }
}
