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
public sealed partial class SqliteGrainStorage : IGrainStorage
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            data       BLOB NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private readonly string _name;
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly IGrainStorageSerializer _serializer;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteGrainStorage> _logger;

    // SQLite has one writer at a time; a second one waits in SQLite's busy handler, which sleeps in steps of
    // up to 100 ms. Queueing writers here instead keeps commits back to back under concurrency.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, TimeProvider time, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, "SqliteGrainStorageOptions.DatabasePath");
        ArgumentNullException.ThrowIfNull(options.GrainStorageSerializer);
        _name = name;
        _serializer = options.GrainStorageSerializer;
        _synchronous = options.SynchronousFull ? "FULL" : "NORMAL";
        _time = time;
        _logger = logger;
        _connectionString = SqliteFiles.ConnectionString(options.DatabasePath);
        using var connection = Open();
        Execute(connection, Schema);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, data FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        AddKey(command, stateName, grainId);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            grainState.ETag = reader.GetString(0);
            grainState.State = _serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] data = _serializer.Serialize(grainState.State).ToArray();
        string newETag = Guid.NewGuid().ToString("N");
        await _writer.WaitAsync().ConfigureAwait(false);
        try
        {
            Write(stateName, grainId, grainState, data, newETag);
        }
        finally
        {
            _writer.Release();
        }
    }

    private void Write<T>(string stateName, GrainId grainId, IGrainState<T> grainState, byte[] data, string newETag)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = grainState.ETag is null
            ? "INSERT INTO grain_state (state_name, grain_id, etag, data, written_at) VALUES ($state, $grain, $new, $data, $at) ON CONFLICT DO NOTHING"
            : "UPDATE grain_state SET etag = $new, data = $data, written_at = $at WHERE state_name = $state AND grain_id = $grain AND etag = $old";
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$new", newETag);
        command.Parameters.AddWithValue("$data", data);
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O"));
        command.Parameters.AddWithValue("$old", (object?)grainState.ETag ?? DBNull.Value);
        if (command.ExecuteNonQuery() != 1)
        {
            throw Conflict(connection, "write", stateName, grainId, grainState.ETag);
        }
        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync().ConfigureAwait(false);
        try
        {
            Clear(stateName, grainId, grainState);
        }
        finally
        {
            _writer.Release();
        }
    }

    private void Clear<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag IS $old";
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$old", (object?)grainState.ETag ?? DBNull.Value);
        int deleted = command.ExecuteNonQuery();
        if (deleted == 0 && (grainState.ETag is not null || StoredETag(connection, stateName, grainId) is not null))
        {
            throw Conflict(connection, "clear", stateName, grainId, grainState.ETag);
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA synchronous = {_synchronous}; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private InconsistentStateException Conflict(SqliteConnection connection, string operation, string stateName, GrainId grainId, string? expected)
    {
        string? stored = StoredETag(connection, stateName, grainId);
        LogConflict(_logger, _name, operation, stateName, grainId, expected ?? "(none)", stored ?? "(none)");
        return new InconsistentStateException(
            $"SQLite grain storage '{_name}': {operation} of {stateName} for {grainId} expected ETag {expected ?? "(no record)"} but the stored one is {stored ?? "(no record)"}",
            stored ?? "",
            expected ?? "");
    }

    private static string? StoredETag(SqliteConnection connection, string stateName, GrainId grainId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        AddKey(command, stateName, grainId);
        return command.ExecuteScalar() as string;
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: {Operation} conflict on {StateName} for {GrainId}: expected ETag {Expected}, stored {Stored}")]
    private static partial void LogConflict(ILogger logger, string name, string operation, string stateName, GrainId grainId, string expected, string stored);
}
