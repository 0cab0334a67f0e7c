using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the CoAP gateway: the endpoint, block-wise layer (with its <see cref="IBlockwiseStore"/>), the router over every registered
    /// <see cref="ICoapResource"/>, and the UDP sockets, configured from the "Gateway" section.
    /// </summary>
    public static IServiceCollection AddCoapGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ToEndpointOptions(sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        services.TryAddSingleton(sp => new CoapResourceRouter(sp.GetServices<ICoapResource>(), sp.GetService<IProtectedRequestHandler>()));
        // This process's block-wise state, unless the host registered a store the cluster's gateways share.
        services.TryAddSingleton<IBlockwiseStore>(sp => new LocalBlockwiseStore(sp.GetRequiredService<CoapEndpointOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BlockwiseServerLayer(
            sp.GetRequiredService<CoapResourceRouter>(), sp.GetRequiredService<CoapEndpointOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IBlockwiseStore>()));
        services.TryAddSingleton(sp => new CoapEndpoint(
            sp.GetRequiredService<CoapEndpointOptions>(),
            sp.GetRequiredService<BlockwiseServerLayer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CoapEndpoint>>()));
        services.AddMetrics();
        services.TryAddSingleton(sp => new GatewayMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<CoapEndpoint>().Statistics));
        services.TryAddSingleton<GatewayHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayHostedService>());
        return services;
    }

    public static CoapEndpointOptions ToEndpointOptions(GatewayOptions options) => new()
    {
        DeduplicationCapacity = options.DeduplicationCapacity,
        Block2CacheCapacity = options.Block2CacheCapacity,
        MaxTokenLength = options.MaxTokenLength,
        SeparateResponseAfter = options.SeparateResponseAfter,
        Transmission = CoapTransmissionParameters.Default,
        Blockwise = new BlockwiseLimits
        {
            MaxBodySize = options.MaxBodySize,
            MaxTransfersPerPeer = options.MaxBlockTransfersPerPeer,
            MaxTotalBytes = options.MaxBlockBufferBytes,
            MaxSizeExponent = BlockOption.SizeExponentFor(options.MaxBlockSize),
        },
    };
}
