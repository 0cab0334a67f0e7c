using Eals.Protocol.Oscore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Silo;

/// <summary>
/// Diagnostics for the fault tests: with <c>Diagnostics:OscoreNonceLog=FILE</c> the silo appends one
/// fingerprint (SHA-256 of key ‖ nonce, never the key) per OSCORE encryption its security contexts
/// perform, so a test can show that no nonce was used twice across silos and restarts. Off by default.
/// </summary>
public static class OscoreNonceLogHosting
{
    public const string ConfigurationKey = "Diagnostics:OscoreNonceLog";

    public static IServiceCollection AddOscoreNonceLog(this IServiceCollection services, IConfiguration configuration)
    {
        string? path = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(path))
        {
            services.AddSingleton<IOscoreEncryptionObserver>(_ => OscoreNonceFingerprintLog.AppendTo(path));
        }
        return services;
    }
}
