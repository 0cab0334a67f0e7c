using Eals.Protocol.Coap.Blockwise;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Grains.Blockwise;

public static class BlockTransferServiceCollectionExtensions
{
    /// <summary>What the block-wise grains need in a silo: the gateways' limits, the silo's one budget, their clock (the system's by default).</summary>
    public static IServiceCollection AddBlockTransfers(this IServiceCollection services, BlockwiseLimits limits, TimeProvider? time = null)
    {
        services.AddSingleton(new BlockTransferSettings(limits, time));
        return services;
    }
}
