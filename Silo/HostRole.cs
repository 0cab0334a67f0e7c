namespace Eals.Silo;

/// <summary>What one process of the silo executable runs (<c>--role</c>, configuration <c>Host:Role</c>).</summary>
public enum HostRole
{
    /// <summary>No role given: the all-in-one embedded default (silo, CoAP gateway, dashboard).</summary>
    Embedded,

    /// <summary>A silo of a cluster; the CoAP gateway and dashboard run in it unless turned off.</summary>
    Silo,

    /// <summary>Only the CoAP gateway, as an Orleans client of the cluster: no grains, no state of its own.</summary>
    Gateway,
}
