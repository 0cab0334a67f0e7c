using System.ComponentModel.DataAnnotations;

namespace Eals.Silo;

/// <summary>Configuration section "Orleans" of the embedded default (one silo on loopback).</summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "eals";

    public string ServiceId { get; set; } = "eals";

    /// <summary>Silo-to-silo port on loopback.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (stand-alone gateways, issue 6) connect.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
