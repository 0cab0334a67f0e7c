using System.Net;
using Microsoft.Extensions.Configuration;

namespace Eals.Silo.Cluster;

/// <summary>Configuration section "Cluster": how a silo or stand-alone gateway joins a multi-process cluster.</summary>
public sealed class ClusterModeOptions
{
    public const string SectionName = "Cluster";

    /// <summary>ADO.NET invariant of the PostgreSQL driver that Orleans loads.</summary>
    public const string PostgresInvariant = "Npgsql";

    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>PostgreSQL connection string; <c>ConnectionStrings:Orleans</c> when empty. Never logged.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The address other silos and gateways reach this silo on (loopback unless deployed otherwise).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public static ClusterModeOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = configuration.GetConnectionString("Orleans") ?? "";
        }
        if (options.Provider == ClusterProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Cluster:Provider is postgres but no connection string is set: give Cluster:ConnectionString or ConnectionStrings:Orleans (e.g. \"Host=127.0.0.1;Port=5432;Database=eals;Username=eals\").");
        }
        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"Cluster:AdvertisedAddress is '{options.AdvertisedAddress}', which is not an IP address.");
        }
        return options;
    }
}
