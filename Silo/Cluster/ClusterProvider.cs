namespace Eals.Silo.Cluster;

/// <summary>Where silos find each other and keep grain state and reminders (<c>Cluster:Provider</c>).</summary>
public enum ClusterProvider
{
    /// <summary>The embedded default: one silo on loopback, grain state and reminders in SQLite under the data folder.</summary>
    Localhost,

    /// <summary>Membership, grain state and reminders in PostgreSQL through Orleans' ADO.NET providers.</summary>
    Postgres,
}
