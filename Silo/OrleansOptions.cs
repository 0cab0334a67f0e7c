using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Eals.Silo;

/// <summary>Configuration section "Orleans": the cluster's identity and this silo's ports.</summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "eals";

    public string ServiceId { get; set; } = "eals";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (stand-alone CoAP gateways) connect.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public static OrleansOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<OrleansOptions>() ?? new OrleansOptions();
}
