using System.Reflection;
using Npgsql;

namespace Eals.Silo.Cluster;

/// <summary>
/// Creates the tables and stored statements Orleans' ADO.NET providers need in PostgreSQL, and the pledge
/// directory's and the grain states' tables (the scripts under <c>Cluster/Sql/</c>, embedded in this assembly) when the database lacks them. One transaction
/// under a transaction-scoped advisory lock: several silos starting at once on an empty database apply
/// each part exactly once, the others wait and then find it there.
/// </summary>
public static class PostgresSchema
{
    // Any constant unique to this application: the advisory lock's key.
    private const long AdvisoryLockKey = 0x45414C53_4F524C4E; // "EALSORLN"

    /// <summary>Each part, in order, with a statement key whose presence shows the part is applied.</summary>
    private static readonly (string Script, string? AppliedWhenKeyExists)[] Parts =
    [
        ("PostgreSQL-Main.sql", null),
        ("PostgreSQL-Clustering.sql", "InsertMembershipKey"),
        ("PostgreSQL-Persistence.sql", "WriteToStorageKey"),
        ("PostgreSQL-Reminders.sql", "UpsertReminderRowKey"),
        ("PledgeDirectory.sql", null),
        ("GrainState.sql", null),
    ];

    /// <summary>Applies the missing parts; returns the names of the scripts it ran.</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var (script, sentinel) in Parts)
        {
            if (sentinel is not null && await HasQueryAsync(connection, transaction, sentinel, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            await using var command = new NpgsqlCommand(Read(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (sentinel is not null)
            {
                applied.Add(script);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    private static async Task<bool> HasQueryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM orleansquery WHERE querykey = @key)", connection, transaction);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Eals.Silo.Cluster.Sql.{script}")
            ?? throw new InvalidOperationException($"The embedded schema script {script} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
