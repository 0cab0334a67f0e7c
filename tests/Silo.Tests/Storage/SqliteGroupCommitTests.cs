using Eals.Silo.Storage;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Storage;

namespace Eals.Silo.Tests.Storage;

/// <summary>
/// Group commit in the SQLite grain storage: writes queued together share a transaction, each is acknowledged
/// only once durable, and a refused write fails alone. Another connection holding the file's write lock stops
/// the writer loop, so everything queued meanwhile lands in one known batch.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly StorageFolder _folder = new();
    private readonly string _store = "group-" + Guid.NewGuid().ToString("N");
    private readonly string _stateName = "counter-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _folder.Dispose();

    private SqliteGrainStorage NewStorage() => TestStorage.Open(_folder.DatabasePath, _folder.Time, _store);

    private static GrainState<CounterState> State(int value, string? etag = null) => new(new CounterState { Value = value }, etag);

    // Takes the file's write lock on a connection of its own; the writer loop waits until it is released.
    private SqliteConnection HoldWriteLock()
    {
        var connection = _folder.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();
        return connection;
    }

    private int StoredValue(string key)
    {
        // A connection of its own, opened after the write returned: what a restarted silo would read.
        using var connection = _folder.Connect(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        command.Parameters.AddWithValue("$state", _stateName);
        command.Parameters.AddWithValue("$grain", TestStorage.Grain(key).ToString());
        var data = command.ExecuteScalar() as byte[] ?? throw new InvalidOperationException($"no row for {key}");
        return TestStorage.Binary.Deserialize<CounterState>(new BinaryData(data))!.Value;
    }

    [Fact]
    public async Task Writes_queued_together_share_one_commit()
    {
        var storage = NewStorage();
        using var counters = new StorageCounters(_store, _stateName);

        Task[] writes;
        using (var blocker = HoldWriteLock())
        {
            writes = Enumerable.Range(0, 200).Select(i => storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), State(i))).ToArray();
            await Task.Delay(200);
            Assert.All(writes, write => Assert.False(write.IsCompleted, "acknowledged before its commit"));
        }
        await Task.WhenAll(writes);

        Assert.Equal(200, counters.Writes);
        // The loop may have taken the first write (or the first few) before the lock stopped it; all the rest
        // wait behind the lock and go in the next transaction. One commit per write would be 200.
        Assert.InRange(counters.Commits, 1, 2);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(i, StoredValue($"g{i}"));
        }
    }

    [Fact]
    public async Task Concurrent_writers_get_far_fewer_commits_than_writes()
    {
        var storage = NewStorage();
        using var counters = new StorageCounters(_store, _stateName);

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var state = State(i);
            await storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), state);
            state.State = new CounterState { Value = i + 1000 };
            await storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), state);
        });

        Assert.Equal(400, counters.Writes);
        Assert.True(counters.Commits <= 400 / 4, $"{counters.Commits} commits for 400 writes");
    }

    [Fact]
    public async Task Refused_writes_fail_alone_and_the_rest_of_their_batch_commits()
    {
        var storage = NewStorage();
        var stale = State(1);
        await storage.WriteStateAsync(_stateName, TestStorage.Grain("stale"), stale);
        string staleETag = stale.ETag!;
        await storage.WriteStateAsync(_stateName, TestStorage.Grain("stale"), stale);
        await storage.WriteStateAsync(_stateName, TestStorage.Grain("existing"), State(2));
        var cleared = State(3);
        await storage.WriteStateAsync(_stateName, TestStorage.Grain("cleared"), cleared);
        var twice = State(4);
        await storage.WriteStateAsync(_stateName, TestStorage.Grain("twice"), twice);
        using var counters = new StorageCounters(_store, _stateName);

        Task[] good;
        Task staleWrite, insertOverExisting, staleClear, clear, firstOfTwo, secondOfTwo;
        using (HoldWriteLock())
        {
            good = Enumerable.Range(0, 20).Select(i => storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), State(i))).ToArray();
            staleWrite = storage.WriteStateAsync(_stateName, TestStorage.Grain("stale"), State(99, staleETag));
            insertOverExisting = storage.WriteStateAsync(_stateName, TestStorage.Grain("existing"), State(98));
            staleClear = storage.ClearStateAsync(_stateName, TestStorage.Grain("existing"), State(0, "not-the-etag"));
            clear = storage.ClearStateAsync(_stateName, TestStorage.Grain("cleared"), cleared);
            // Two writes for one grain from the same ETag: applied in order, so the first wins.
            firstOfTwo = storage.WriteStateAsync(_stateName, TestStorage.Grain("twice"), State(40, twice.ETag));
            secondOfTwo = storage.WriteStateAsync(_stateName, TestStorage.Grain("twice"), State(41, twice.ETag));
            good = [.. good, .. Enumerable.Range(20, 20).Select(i => storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), State(i)))];
        }

        await Task.WhenAll(good);
        await clear;
        await firstOfTwo;
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        await Assert.ThrowsAsync<InconsistentStateException>(() => insertOverExisting);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleClear);
        await Assert.ThrowsAsync<InconsistentStateException>(() => secondOfTwo);

        Assert.InRange(counters.Commits, 1, 2);
        Assert.Equal(40 + 2, counters.Writes);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(i, StoredValue($"g{i}"));
        }
        Assert.Equal(1, StoredValue("stale"));
        Assert.Equal(2, StoredValue("existing"));
        Assert.Equal(40, StoredValue("twice"));
        Assert.False(cleared.RecordExists);
        var read = State(0);
        await NewStorage().ReadStateAsync(_stateName, TestStorage.Grain("cleared"), read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Each_write_is_on_disk_when_its_task_completes()
    {
        var storage = NewStorage();

        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            await storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), State(i));
            Assert.Equal(i, StoredValue($"g{i}"));
        });
    }

    [Fact]
    public async Task A_disposed_storage_has_committed_everything_it_acknowledged_and_takes_no_more()
    {
        var storage = NewStorage();
        var writes = Enumerable.Range(0, 50).Select(i => storage.WriteStateAsync(_stateName, TestStorage.Grain($"g{i}"), State(i))).ToArray();

        await storage.DisposeAsync();

        // Each write's own continuation finishes on the thread pool after the commit it waited for: none may fault.
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(49, StoredValue("g49"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(_stateName, TestStorage.Grain("late"), State(1)));
    }
}
