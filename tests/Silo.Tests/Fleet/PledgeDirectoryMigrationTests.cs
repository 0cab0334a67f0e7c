using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Silo.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Eals.Silo.Tests.Fleet;

/// <summary>
/// A data folder of the release before holds the directory as shard grain states: the first start moves their
/// pledges and certificates into the directory's tables and removes the shard rows; the next start moves nothing.
/// </summary>
[Collection(PledgeDirectoryCollection.Name)]
public sealed class PledgeDirectoryMigrationTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    // The table as the release before binary state created it, and as the one before that (no format column: JSON rows).
    private const string Table = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            data       BLOB NOT NULL,
            written_at TEXT NOT NULL,
            format     TEXT NOT NULL DEFAULT 'json',
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-migration-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_data, EmbeddedSilo.StorageFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static PledgeDirectoryShardState Shard(params (PledgeDirectoryEntry Entry, IssuedCertificateEntry? Issued)[] pledges) => new()
    {
        Pledges = pledges.ToDictionary(p => p.Entry.Serial, p => p.Entry, StringComparer.Ordinal),
        Certificates = [.. pledges.Select(p => p.Issued).OfType<IssuedCertificateEntry>()],
    };

    private static (PledgeDirectoryEntry, IssuedCertificateEntry?) Pledge(string serial, PledgeStatus status, string? certificate = null) =>
        (new PledgeDirectoryEntry(serial, status, At), certificate is null ? null : new IssuedCertificateEntry(certificate, serial, $"CN={serial}", At, At.AddYears(2), false));

    // Rows as the shard grains of the release before left them, under the grain ids they had.
    private void WriteTheOldWay(string format, params (string GrainId, PledgeDirectoryShardState State)[] shards)
    {
        Directory.CreateDirectory(_data);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = format == "json" ? Table.Replace("            format     TEXT NOT NULL DEFAULT 'json',\n", "", StringComparison.Ordinal) : Table;
        command.ExecuteNonQuery();
        foreach (var (grainId, state) in shards)
        {
            using var insert = connection.CreateCommand();
            var serializer = format == "json" ? TestStorage.Json : TestStorage.Binary;
            insert.CommandText = format == "json"
                ? "INSERT INTO grain_state (state_name, grain_id, etag, data, written_at) VALUES ('pledge-directory', $grain, 'old', $data, '2026-12-01T09:30:00.0000000+00:00')"
                : "INSERT INTO grain_state VALUES ('pledge-directory', $grain, 'old', $data, '2026-12-01T09:30:00.0000000+00:00', 'orleans')";
            insert.Parameters.AddWithValue("$grain", grainId);
            insert.Parameters.AddWithValue("$data", serializer.Serialize(state).ToArray());
            insert.ExecuteNonQuery();
        }
    }

    private long ShardRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE state_name = 'pledge-directory'";
        return (long)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData("orleans")]
    [InlineData("json")]
    public async Task The_shards_of_the_release_before_are_listed_after_the_first_start_and_moved_only_once(string format)
    {
        WriteTheOldWay(format,
            ("pledgedirectoryshard/3", Shard(Pledge("EALS-A", PledgeStatus.Enrolled, "0A"), Pledge("EALS-B", PledgeStatus.Failed))),
            ("pledgedirectoryshard/1F", Shard(Pledge("EALS-C", PledgeStatus.EdhocInProgress))),
            ("pledgedirectoryshard/3FF", Shard(Pledge("EALS-D", PledgeStatus.ReEnrolled, "0D"))));

        for (int start = 1; start <= 2; start++)
        {
            await using var app = EmbeddedSilo.Build([.. SiloArguments.For(_data), "--Gateway:Enabled", "false"]);
            await app.StartAsync();
            var directory = app.Services.GetRequiredService<IPledgeDirectoryStore>();
            var migration = app.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<PledgeDirectoryShardMigration>().Single();
            Assert.Equal(start == 1 ? 4 : 0, await migration.Completion);

            var listed = await directory.SearchAsync(new PledgeQuery("eals", null), 0, 50);
            Assert.Equal(["EALS-A", "EALS-B", "EALS-C", "EALS-D"], listed.Items.Select(e => e.Serial));
            Assert.Equal([PledgeStatus.Enrolled, PledgeStatus.Failed, PledgeStatus.EdhocInProgress, PledgeStatus.ReEnrolled], listed.Items.Select(e => e.Status));
            Assert.All(listed.Items, e => Assert.Equal(At, e.UpdatedAt));
            var counts = await directory.CountAsync();
            Assert.Equal(1, counts[PledgeStatus.Enrolled]);
            Assert.Equal(1, counts[PledgeStatus.Failed]);
            Assert.Equal(4, counts.Values.Sum());
            var certificates = await directory.ListCertificatesAsync(0, 50);
            Assert.Equal(["0A", "0D"], certificates.Items.Select(c => c.SerialHex).Order(StringComparer.Ordinal));
            Assert.Equal(0, await migration.MigrateAsync(CancellationToken.None));
            await app.StopAsync();
            Assert.Equal(0, ShardRows());
        }
    }
}
