using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;

namespace Eals.Silo.Storage;

/// <summary>
/// Orleans reminders of the embedded default in a SQLite file (Orleans ships only an in-memory table for
/// one silo, which forgets reminders on restart): one row per (grain, reminder name), an ETag per row so a
/// stale remove changes nothing, and the grain's uniform hash for the ring range queries.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            start_at      TEXT    NOT NULL,
            period_ms     INTEGER NOT NULL,
            grain_hash    INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_at, period_ms, etag";

    private readonly string _connectionString;

    public SqliteReminderTable(string databasePath)
    {
        _connectionString = SqliteFiles.ConnectionString(databasePath);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(Query("WHERE grain_id = $grain", ("$grain", grainId.ToString())));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        // The ring range (begin, end] wraps around zero when begin >= end.
        Task.FromResult(begin < end
            ? Query("WHERE grain_hash > $begin AND grain_hash <= $end", ("$begin", (long)begin), ("$end", (long)end))
            : Query("WHERE grain_hash > $begin OR grain_hash <= $end", ("$begin", (long)begin), ("$end", (long)end)));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(Query("WHERE grain_id = $grain AND reminder_name = $name", ("$grain", grainId.ToString()), ("$name", reminderName))
            .Reminders.FirstOrDefault());

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        string etag = Guid.NewGuid().ToString("N");
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_id, reminder_name, start_at, period_ms, grain_hash, etag) VALUES ($grain, $name, $start, $period, $hash, $etag)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash, etag = excluded.etag
            """;
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$etag", etag);
        command.ExecuteNonQuery();
        return Task.FromResult<string?>(etag);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $grain AND reminder_name = $name AND etag = $etag";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", eTag);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task TestOnlyClearTable()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private ReminderTableData Query(string where, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = DateTime.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }
        return new ReminderTableData(entries);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
