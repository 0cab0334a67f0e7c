using Eals.Silo.Storage;
using Microsoft.Data.Sqlite;
using Orleans;

namespace Eals.Silo.Tests.Storage;

/// <summary>
/// A grains.db of the release before (no format column, every row JSON) is still read, and the grain's next
/// write stores it in Orleans' binary form.
/// </summary>
public sealed class SqliteGrainStorageMigrationTests : IDisposable
{
    // The table as the release before created it.
    private const string OldSchema = """
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

    private readonly StorageFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SqliteConnection Connect() => _folder.Connect();

    private SqliteGrainStorage NewStorage() => TestStorage.Open(_folder.DatabasePath, _folder.Time);

    private void WriteTheOldWay(string key, CounterState state)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = OldSchema + """
            INSERT INTO grain_state (state_name, grain_id, etag, data, written_at) VALUES ('counter', $grain, 'old-etag', $data, '2026-01-01T00:00:00.0000000+00:00');
            """;
        command.Parameters.AddWithValue("$grain", TestStorage.Grain(key).ToString());
        command.Parameters.AddWithValue("$data", TestStorage.Json.Serialize(state).ToArray());
        command.ExecuteNonQuery();
    }

    private byte[] StoredJson(string key)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE state_name = 'counter' AND grain_id = $grain";
        command.Parameters.AddWithValue("$grain", TestStorage.Grain(key).ToString());
        return Assert.IsType<byte[]>(command.ExecuteScalar());
    }

    private (string Format, byte[] Data) StoredRow(string key)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT format, data FROM grain_state WHERE state_name = 'counter' AND grain_id = $grain";
        command.Parameters.AddWithValue("$grain", TestStorage.Grain(key).ToString());
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetFieldValue<byte[]>(1));
    }

    [Fact]
    public async Task A_json_row_of_the_release_before_is_read_and_rewritten_binary()
    {
        WriteTheOldWay("a", new CounterState { Value = 42, Name = "serial-0042", Payload = [1, 2, 3] });
        Assert.Equal((byte)'{', StoredJson("a")[0]);

        var storage = NewStorage();
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", TestStorage.Grain("a"), state);

        Assert.True(state.RecordExists);
        Assert.Equal("old-etag", state.ETag);
        Assert.Equal(42, state.State!.Value);
        Assert.Equal("serial-0042", state.State!.Name);
        Assert.Equal([1, 2, 3], state.State!.Payload);
        Assert.Equal("json", StoredRow("a").Format);

        state.State!.Value = 43;
        await storage.WriteStateAsync("counter", TestStorage.Grain("a"), state);

        var (format, data) = StoredRow("a");
        Assert.Equal("orleans", format);
        Assert.Equal(43, TestStorage.Binary.Deserialize<CounterState>(new BinaryData(data))!.Value);
        var reread = new GrainState<CounterState>(new CounterState());
        await NewStorage().ReadStateAsync("counter", TestStorage.Grain("a"), reread);
        Assert.Equal(43, reread.State!.Value);
        Assert.Equal("serial-0042", reread.State!.Name);
        Assert.Equal(state.ETag, reread.ETag);
    }

    [Fact]
    public async Task The_old_file_keeps_its_other_json_rows_readable_next_to_binary_ones()
    {
        WriteTheOldWay("a", new CounterState { Value = 1 });
        WriteTheOldWay("b", new CounterState { Value = 2 });

        var storage = NewStorage();
        var a = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", TestStorage.Grain("a"), a);
        await storage.WriteStateAsync("counter", TestStorage.Grain("a"), a);
        // A second storage opening the already migrated file must not add the column again.
        var restarted = NewStorage();
        var b = new GrainState<CounterState>(new CounterState());
        await restarted.ReadStateAsync("counter", TestStorage.Grain("b"), b);

        Assert.True(b.RecordExists);
        Assert.Equal(2, b.State!.Value);
        Assert.Equal("json", StoredRow("b").Format);
        Assert.Equal("orleans", StoredRow("a").Format);
    }
}
