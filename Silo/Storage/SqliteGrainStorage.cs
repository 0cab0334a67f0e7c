using Eals.Grains.Storage;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Silo.Storage;

/// <summary>
/// Orleans grain storage in one SQLite file (Orleans ships none): one row per (state name, grain id),
/// optimistic concurrency by ETag. A write carrying a stale ETag, or an insert over an existing row,
/// changes nothing and throws <see cref="InconsistentStateException"/>, so two activations of the same
/// grain (possible briefly after a silo failure) can never both commit.
/// </summary>
/// <remarks>
/// Writes go through <see cref="SqliteGroupCommit"/>: writes of different grains that arrive together share
/// one transaction and one fsync, and each returns only once its transaction committed. Rows carry the
/// serializer that wrote them: <c>orleans</c> (Orleans' binary serializer, all new writes) or <c>json</c>
/// (rows of the releases before, read with <see cref="SqliteGrainStorageOptions.LegacyJsonSerializer"/>
/// until the grain's next write stores them binary).
/// State that names lookup keys (<see cref="IStateLookupKeys"/>) has them written to <c>grain_lookup</c> inside its
/// own write (<see cref="IGrainStateLookup"/>): finding a pledge by its OSCORE kid or a certificate serial costs no
/// write of its own, and a key held by another grain refuses the write (<see cref="LookupKeyTakenException"/>).
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, IGrainStateLookup, IAsyncDisposable, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            data       BLOB NOT NULL,
            written_at TEXT NOT NULL,
            format     TEXT NOT NULL DEFAULT 'json',
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS grain_lookup (
            state_name TEXT NOT NULL,
            lookup_key TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            PRIMARY KEY (state_name, lookup_key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS grain_lookup_by_grain ON grain_lookup (state_name, grain_id);
        """;

    // Files of the releases before had no format column: all their rows are JSON, which the default says.
    private const string HasFormatColumn = "SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE name = 'format'";
    private const string AddFormatColumn = "ALTER TABLE grain_state ADD COLUMN format TEXT NOT NULL DEFAULT 'json'";

    private const string Select = "SELECT etag, data, format FROM grain_state WHERE state_name = $state AND grain_id = $grain";
    private const string SelectETag = "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain";
    private const string Insert = "INSERT INTO grain_state (state_name, grain_id, etag, data, written_at, format) VALUES ($state, $grain, $new, $data, $at, $format) ON CONFLICT DO NOTHING";
    private const string Update = "UPDATE grain_state SET etag = $new, data = $data, written_at = $at, format = $format WHERE state_name = $state AND grain_id = $grain AND etag = $old";
    private const string Delete = "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag IS $old";

    private const string DeleteLookups = "DELETE FROM grain_lookup WHERE state_name = $state AND grain_id = $grain";
    private const string InsertLookup = "INSERT INTO grain_lookup (state_name, lookup_key, grain_id) VALUES ($state, $key, $grain) ON CONFLICT DO NOTHING";
    private const string SelectLookup = "SELECT grain_id FROM grain_lookup WHERE state_name = $state AND lookup_key = $key";

    private const string JsonFormat = "json";
    private const string BinaryFormat = "orleans";

    private readonly string _name;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IGrainStorageSerializer _legacyJson;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly SqliteFileConnections _file;
    private readonly bool _ownsFile;
    private readonly SqliteReaderPool _readers;
    private readonly SqliteGroupCommit _writes;
    private readonly WrittenLookupKeys _writtenLookups = new();

    /// <param name="shared">The file's connections when other stores share them (the silo); otherwise its own.</param>
    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, TimeProvider time, ILogger<SqliteGrainStorage> logger, SqliteFileConnections? shared = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, "SqliteGrainStorageOptions.DatabasePath");
        ArgumentNullException.ThrowIfNull(options.GrainStorageSerializer);
        ArgumentNullException.ThrowIfNull(options.LegacyJsonSerializer);
        _name = name;
        _serializer = options.GrainStorageSerializer;
        _legacyJson = options.LegacyJsonSerializer;
        _time = time;
        _logger = logger;
        string connectionString = SqliteFiles.ConnectionString(options.DatabasePath);
        string busy = SqliteFileConnections.BusyTimeout;
        CreateSchema(connectionString, busy);
        _file = shared ?? new SqliteFileConnections(name, options.DatabasePath, options.SynchronousFull);
        _ownsFile = shared is null;
        _readers = _file.Readers;
        _writes = _file.Writes;
    }

    private static void CreateSchema(string connectionString, string busy)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var commands = new SqliteCommands(connection);
        commands.Execute(busy);
        commands.Execute(Schema);
        // Under a write lock: silos starting together on one file must not both add the column.
        using var transaction = connection.BeginTransaction(deferred: false);
        var check = commands.Get(HasFormatColumn);
        check.Transaction = transaction;
        if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            var alter = commands.Get(AddFormatColumn);
            alter.Transaction = transaction;
            alter.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = _readers.Read(commands =>
        {
            var command = commands.Get(Select);
            AddKey(command, stateName, grainId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredRow(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetString(2)) : null;
        });
        if (row is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
        var serializer = row.Format == JsonFormat ? _legacyJson : _serializer;
        grainState.State = serializer.Deserialize<T>(new BinaryData(row.Data));
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] data = _serializer.Serialize(grainState.State).ToArray();
        string[]? lookupKeys = WrittenLookupKeys.Of(grainState.State);
        string[]? changedKeys = _writtenLookups.ToWrite(grainState, lookupKeys);
        string? expected = grainState.ETag;
        string newETag = Guid.NewGuid().ToString("N");
        string at = _time.GetUtcNow().ToString("O");
        await _writes.WriteAsync(commands => Write(commands, stateName, grainId, expected, newETag, data, at) && WriteLookups(commands, stateName, grainId, changedKeys)).ConfigureAwait(false);
        _writtenLookups.Committed(grainState, lookupKeys);
        grainState.ETag = newETag;
        grainState.RecordExists = true;
        StorageMetrics.Written(stateName);
    }

    private bool Write(SqliteCommands commands, string stateName, GrainId grainId, string? expected, string newETag, byte[] data, string at)
    {
        var command = commands.Get(expected is null ? Insert : Update);
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$new", newETag);
        command.Parameters.AddWithValue("$data", data);
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$format", BinaryFormat);
        command.Parameters.AddWithValue("$old", (object?)expected ?? DBNull.Value);
        if (command.ExecuteNonQuery() != 1)
        {
            throw Conflict(commands, "write", stateName, grainId, expected);
        }
        return true;
    }

    // In the write's own savepoint: a key another grain holds rolls the whole write back.
    private static bool WriteLookups(SqliteCommands commands, string stateName, GrainId grainId, string[]? lookupKeys)
    {
        if (lookupKeys is null)
        {
            return true;
        }
        var delete = commands.Get(DeleteLookups);
        AddKey(delete, stateName, grainId);
        delete.ExecuteNonQuery();
        foreach (string key in lookupKeys)
        {
            var insert = commands.Get(InsertLookup);
            AddKey(insert, stateName, grainId);
            insert.Parameters.AddWithValue("$key", key);
            if (insert.ExecuteNonQuery() != 1)
            {
                var holder = commands.Get(SelectLookup);
                holder.Parameters.AddWithValue("$state", stateName);
                holder.Parameters.AddWithValue("$key", key);
                string other = holder.ExecuteScalar() as string ?? "(unknown)";
                if (other != grainId.ToString())
                {
                    throw new LookupKeyTakenException(stateName, key, other);
                }
            }
        }
        return true;
    }

    public Task<string?> FindAsync(string stateName, string lookupKey)
    {
        string? grain = _readers.Read(commands =>
        {
            var command = commands.Get(SelectLookup);
            command.Parameters.AddWithValue("$state", stateName);
            command.Parameters.AddWithValue("$key", lookupKey);
            return command.ExecuteScalar() as string;
        });
        return Task.FromResult(grain is null ? null : GrainId.Parse(grain).Key.ToString());
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string? expected = grainState.ETag;
        await _writes.WriteAsync(commands => Clear(commands, stateName, grainId, expected) && WriteLookups(commands, stateName, grainId, [])).ConfigureAwait(false);
        _writtenLookups.Cleared(grainState);
        grainState.ETag = null;
        grainState.RecordExists = false;
        StorageMetrics.Written(stateName);
    }

    private bool Clear(SqliteCommands commands, string stateName, GrainId grainId, string? expected)
    {
        var command = commands.Get(Delete);
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$old", (object?)expected ?? DBNull.Value);
        int deleted = command.ExecuteNonQuery();
        if (deleted == 0 && (expected is not null || StoredETag(commands, stateName, grainId) is not null))
        {
            throw Conflict(commands, "clear", stateName, grainId, expected);
        }
        return true;
    }

    private InconsistentStateException Conflict(SqliteCommands commands, string operation, string stateName, GrainId grainId, string? expected)
    {
        string? stored = StoredETag(commands, stateName, grainId);
        LogConflict(_logger, _name, operation, stateName, grainId, expected ?? "(none)", stored ?? "(none)");
        return new InconsistentStateException(
            $"SQLite grain storage '{_name}': {operation} of {stateName} for {grainId} expected ETag {expected ?? "(no record)"} but the stored one is {stored ?? "(no record)"}",
            stored ?? "",
            expected ?? "");
    }

    private static string? StoredETag(SqliteCommands commands, string stateName, GrainId grainId)
    {
        var command = commands.Get(SelectETag);
        AddKey(command, stateName, grainId);
        return command.ExecuteScalar() as string;
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsFile)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The container disposes singletons synchronously when it is itself disposed that way.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed record StoredRow(string ETag, byte[] Data, string Format);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: {Operation} conflict on {StateName} for {GrainId}: expected ETag {Expected}, stored {Stored}")]
    private static partial void LogConflict(ILogger logger, string name, string operation, string stateName, GrainId grainId, string expected, string stored);
}
