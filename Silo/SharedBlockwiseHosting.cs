using Eals.Gateway.Enrollment;
using Eals.Gateway.Hosting;
using Eals.Gateway.Messaging;
using Eals.Grains.Blockwise;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;

namespace Eals.Silo;

/// <summary>
/// Block-wise state shared by a cluster's gateways (<c>Gateway:SharedBlockwise</c>): every silo hosts the
/// per-peer grains, bounded by the gateways' own limits; each process that runs a gateway in a cluster role
/// keeps its block-wise state in them, so the blocks of one transfer may reach different gateways. The
/// embedded default keeps it in the process (no grain calls for it).
/// </summary>
public static class SharedBlockwiseHosting
{
    public const string ConfigurationKey = $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.SharedBlockwise)}";

    /// <summary>As configured; unset, shared in the cluster roles and not in the embedded default.</summary>
    public static bool IsShared(IConfiguration configuration)
        => configuration.GetValue<bool?>(ConfigurationKey) ?? HostRoles.From(configuration) != HostRole.Embedded;

    /// <summary>Every silo: the grains, with the limits of section "Gateway" (so a transfer is refused alike on every way).</summary>
    public static IServiceCollection AddBlockTransferGrains(this IServiceCollection services, IConfiguration configuration)
    {
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        return services.AddBlockTransfers(GatewayServiceCollectionExtensions.ToEndpointOptions(gateway).Blockwise);
    }

    /// <summary>A gateway's store: the shared one when <see cref="IsShared"/>, in place of the process's own whatever the order of registration.</summary>
    public static IServiceCollection AddSharedBlockwiseWhenClustered(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsShared(configuration))
        {
            services.Replace(ServiceDescriptor.Singleton<IBlockwiseStore>(sp => new GrainBlockwiseStore(sp.GetRequiredService<IGrainFactory>())));
        }
        return services;
    }
}
