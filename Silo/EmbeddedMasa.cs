using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Silo;

/// <summary>
/// The reference MASA hosted in the embedded default's own HTTP server under <c>/masa/</c>, so the demo
/// stays one command (the demo manufacturer of the data folder is its manufacturer). The registrar asks
/// it for vouchers in process (<see cref="InProcessMasaClient"/>, the same issuing code as its HTTP
/// endpoint) and its ACE authorization server over HTTP on loopback. <c>Masa:Hosted=false</c> turns it
/// off; <c>Registrar:Masa:Url</c> points the registrar elsewhere.
/// </summary>
public sealed class EmbeddedMasa
{
    public const string PathPrefix = "/masa";

    public static bool IsHosted(IConfiguration configuration) => configuration.GetValue("Masa:Hosted", defaultValue: true);

    /// <summary>The in-process MASA's base address once the server listens, or null when none is hosted.</summary>
    public static Uri? Address(IServiceProvider services)
    {
        if (services.GetService<EmbeddedMasa>() is null)
        {
            return null;
        }
        string? listening = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return listening is null ? null : new Uri(new Uri(listening.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)), PathPrefix + "/");
    }
}
