using Eals.Grains.Storage;
using Eals.Silo.Storage;
using Eals.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Silo.Cluster;

/// <summary>
/// Grain storage of cluster mode in the cluster's PostgreSQL database (tables from <c>Cluster/Sql/GrainState.sql</c>):
/// one row per (state name, grain id) in Orleans' binary serializer, optimistic concurrency by ETag, and the state's
/// lookup keys (<see cref="IStateLookupKeys"/>) written in the same transaction, so cluster mode finds a pledge by its
/// OSCORE kid or a certificate serial as the embedded default does (<see cref="IGrainStateLookup"/>). A write is one
/// round trip for its statements and one for the commit. A stale ETag, an insert over an existing row, or a lookup
/// key another grain holds rolls the write back and throws.
/// </summary>
/// <remarks>
/// The releases before stored grain state through Orleans' ADO.NET provider (<c>orleansstorage</c>). While that table
/// holds rows, a state not found here is read from it (<paramref name="legacy"/>); its next write moves it here and
/// removes the old row, so nothing stored before is dropped and the old table drains as grains are used.
/// </remarks>
public sealed partial class PostgresGrainStorage(
    string name, string connectionString, IGrainStorageSerializer serializer, IGrainStorage? legacy, TimeProvider time, ILogger<PostgresGrainStorage> logger)
    : IGrainStorage, IGrainStateLookup, IAsyncDisposable
{
    private const string Select = "SELECT etag, data FROM eals_grain_state WHERE state_name = @state AND grain_id = @grain";
    private const string SelectETag = "SELECT etag FROM eals_grain_state WHERE state_name = @state AND grain_id = @grain";
    private const string Insert = "INSERT INTO eals_grain_state (state_name, grain_id, etag, data, written_at) VALUES (@state, @grain, @new, @data, @at) ON CONFLICT DO NOTHING";
    private const string Update = "UPDATE eals_grain_state SET etag = @new, data = @data, written_at = @at WHERE state_name = @state AND grain_id = @grain AND etag = @old";
    private const string Delete = "DELETE FROM eals_grain_state WHERE state_name = @state AND grain_id = @grain AND etag = @old";
    private const string DeleteLookups = "DELETE FROM eals_grain_lookup WHERE state_name = @state AND grain_id = @grain";
    private const string InsertLookup = "INSERT INTO eals_grain_lookup (state_name, lookup_key, grain_id) VALUES (@state, @key, @grain) ON CONFLICT DO NOTHING";
    private const string SelectLookup = "SELECT grain_id FROM eals_grain_lookup WHERE state_name = @state AND lookup_key = @key";
    private const string LegacyHasRows = "SELECT EXISTS (SELECT 1 FROM orleansstorage)";

    // The ETag of a state read from the release before's table: its next write inserts here and clears the old row.
    private const string LegacyPrefix = "adonet:";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);
    private readonly WrittenLookupKeys _writtenLookups = new();
    private Task<bool>? _legacyInUse;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using (var command = Command(_source.CreateCommand(Select), stateName, grainId))
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                grainState.ETag = reader.GetString(0);
                grainState.State = serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
                grainState.RecordExists = true;
                return;
            }
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        if (legacy is not null && await LegacyInUseAsync().ConfigureAwait(false))
        {
            await legacy.ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            grainState.ETag = grainState.RecordExists ? LegacyPrefix + grainState.ETag : null;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] data = serializer.Serialize(grainState.State).ToArray();
        string[]? lookupKeys = WrittenLookupKeys.Of(grainState.State);
        string[]? changedKeys = _writtenLookups.ToWrite(grainState, lookupKeys);
        string? expected = grainState.ETag;
        string? legacyETag = expected?.StartsWith(LegacyPrefix, StringComparison.Ordinal) == true ? expected[LegacyPrefix.Length..] : null;
        string newETag = Guid.NewGuid().ToString("N");

        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var write = Add(batch, expected is null || legacyETag is not null ? Insert : Update, stateName, grainId);
        write.Parameters.AddWithValue("new", newETag);
        write.Parameters.AddWithValue("data", data);
        write.Parameters.AddWithValue("at", time.GetUtcNow());
        if (expected is not null && legacyETag is null)
        {
            write.Parameters.AddWithValue("old", expected);
        }
        var inserts = AddLookups(batch, stateName, grainId, changedKeys);
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (write.RecordsAffected != 1)
        {
            await transaction.RollbackAsync().ConfigureAwait(false);
            throw await ConflictAsync(connection, "write", stateName, grainId, expected).ConfigureAwait(false);
        }
        if (inserts.FirstOrDefault(i => i.Command.RecordsAffected != 1) is { Key: { } taken })
        {
            string holder = await HolderAsync(connection, transaction, stateName, taken).ConfigureAwait(false);
            await transaction.RollbackAsync().ConfigureAwait(false);
            throw new LookupKeyTakenException(stateName, taken, holder);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        _writtenLookups.Committed(grainState, lookupKeys);
        grainState.ETag = newETag;
        grainState.RecordExists = true;
        StorageMetrics.Written(stateName);
        if (legacyETag is not null)
        {
            await ClearLegacyAsync(stateName, grainId, grainState.State, legacyETag).ConfigureAwait(false);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string? expected = grainState.ETag;
        if (expected?.StartsWith(LegacyPrefix, StringComparison.Ordinal) == true)
        {
            await ClearLegacyAsync(stateName, grainId, grainState.State, expected[LegacyPrefix.Length..]).ConfigureAwait(false);
        }
        else
        {
            await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var delete = Add(batch, Delete, stateName, grainId);
            delete.Parameters.AddWithValue("old", (object?)expected ?? DBNull.Value);
            AddLookups(batch, stateName, grainId, []);
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            if (delete.RecordsAffected == 0 && (expected is not null || await StoredETagAsync(connection, transaction, stateName, grainId).ConfigureAwait(false) is not null))
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                throw await ConflictAsync(connection, "clear", stateName, grainId, expected).ConfigureAwait(false);
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        _writtenLookups.Cleared(grainState);
        grainState.ETag = null;
        grainState.RecordExists = false;
        StorageMetrics.Written(stateName);
    }

    public async Task<string?> FindAsync(string stateName, string lookupKey)
    {
        await using var command = _source.CreateCommand(SelectLookup);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("key", lookupKey);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) is string grain ? GrainId.Parse(grain).Key.ToString() : null;
    }

    // Checked once: a database that never had the release before's rows (or no longer has any at start) never looks there.
    private Task<bool> LegacyInUseAsync() => _legacyInUse ??= QueryLegacyInUseAsync();

    private async Task<bool> QueryLegacyInUseAsync()
    {
        await using var command = _source.CreateCommand(LegacyHasRows);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) is true;
    }

    private async Task ClearLegacyAsync<T>(string stateName, GrainId grainId, T state, string legacyETag)
    {
        if (legacy is null)
        {
            return;
        }
        try
        {
            await legacy.ClearStateAsync(stateName, grainId, new GrainState<T>(state) { ETag = legacyETag, RecordExists = true }).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InconsistentStateException or NpgsqlException or TimeoutException)
        {
            // The state is here now and read from here first; the old row is only shadowed.
            LogLegacyNotCleared(logger, name, stateName, grainId, exception.Message);
        }
    }

    private static List<(string Key, NpgsqlBatchCommand Command)> AddLookups(NpgsqlBatch batch, string stateName, GrainId grainId, string[]? keys)
    {
        if (keys is null)
        {
            return [];
        }
        Add(batch, DeleteLookups, stateName, grainId);
        return [.. keys.Select(key =>
        {
            var insert = Add(batch, InsertLookup, stateName, grainId);
            insert.Parameters.AddWithValue("key", key);
            return (key, insert);
        })];
    }

    private async Task<InconsistentStateException> ConflictAsync(NpgsqlConnection connection, string operation, string stateName, GrainId grainId, string? expected)
    {
        string? stored = await StoredETagAsync(connection, null, stateName, grainId).ConfigureAwait(false);
        LogConflict(logger, name, operation, stateName, grainId, expected ?? "(none)", stored ?? "(none)");
        return new InconsistentStateException(
            $"PostgreSQL grain storage '{name}': {operation} of {stateName} for {grainId} expected ETag {expected ?? "(no record)"} but the stored one is {stored ?? "(no record)"}",
            stored ?? "",
            expected ?? "");
    }

    private static async Task<string?> StoredETagAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string stateName, GrainId grainId)
    {
        await using var command = Command(new NpgsqlCommand(SelectETag, connection, transaction), stateName, grainId);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as string;
    }

    private static async Task<string> HolderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stateName, string key)
    {
        await using var command = new NpgsqlCommand(SelectLookup, connection, transaction);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as string ?? "(unknown)";
    }

    private static NpgsqlCommand Command(NpgsqlCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        return command;
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, string stateName, GrainId grainId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        batch.BatchCommands.Add(command);
        return command;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: {Operation} conflict on {StateName} for {GrainId}: expected ETag {Expected}, stored {Stored}")]
    private static partial void LogConflict(ILogger logger, string name, string operation, string stateName, GrainId grainId, string expected, string stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: the earlier release's row of {StateName} for {GrainId} was not cleared after its move ({Reason}); the moved state shadows it")]
    private static partial void LogLegacyNotCleared(ILogger logger, string name, string stateName, GrainId grainId, string reason);
}
