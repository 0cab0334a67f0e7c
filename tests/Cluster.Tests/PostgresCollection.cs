namespace Eals.Cluster.Tests;

/// <summary>One PostgreSQL server for all cluster tests; they run one after another (each takes the machine's two cores).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
