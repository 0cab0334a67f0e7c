using Eals.Gateway.Transport;
using Eals.Protocol.Crypto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.JoinProxy;

public static class JoinProxyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stateless join proxy, configured from the "JoinProxy" section: its relay, rate limit, token
    /// codec with a random key made at start (only this process can open its tokens), and the UDP sockets.
    /// </summary>
    public static IServiceCollection AddJoinProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JoinProxyOptions>()
            .Bind(configuration.GetSection(JoinProxyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JoinProxyOptions>, JoinProxyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource>(SystemRandomSource.Instance);
        services.TryAddSingleton(sp =>
        {
            var random = sp.GetRequiredService<IRandomSource>();
            Span<byte> key = stackalloc byte[JoinProxyTokenCodec.KeyLength];
            random.Fill(key);
            return new JoinProxyTokenCodec(key, random);
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JoinProxyOptions>>().Value;
            return new JoinProxyRateLimit(options.Rate, options.Burst, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JoinProxyOptions>>().Value;
            return new JoinProxyRelay(
                sp.GetRequiredService<JoinProxyTokenCodec>(),
                sp.GetRequiredService<JoinProxyRateLimit>(),
                PeerAddress.FromEndPoint(options.GetUpstreamEndPoint()),
                options.ResponseLifetime,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IRandomSource>(),
                sp.GetRequiredService<ILogger<JoinProxyRelay>>());
        });
        services.TryAddSingleton<JoinProxyHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<JoinProxyHostedService>());
        return services;
    }
}
