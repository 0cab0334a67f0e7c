using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Silo.Storage;
using Eals.Silo.Tests.Storage;
using Eals.Tests.Shared;
using Orleans;

namespace Eals.Silo.Tests.Fleet;

/// <summary>The directory on SQLite: the store's contract, one counted write per batch, and the file shared with grain state.</summary>
[Collection(PledgeDirectoryCollection.Name)]
public sealed class SqlitePledgeDirectoryStoreTests : PledgeDirectoryStoreContract, IAsyncDisposable
{
    private readonly StorageFolder _folder = new();
    private readonly List<SqliteFileConnections> _files = [];

    protected override Task<IPledgeDirectoryStore> OpenAsync() => Task.FromResult<IPledgeDirectoryStore>(new SqlitePledgeDirectoryStore(Open()));

    private SqliteFileConnections Open()
    {
        var file = new SqliteFileConnections("directory-test", _folder.DatabasePath, synchronousFull: false);
        _files.Add(file);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            await file.DisposeAsync();
        }
        _folder.Dispose();
    }

    [Fact]
    public async Task A_batch_is_one_write_and_one_transaction_however_many_pledges_it_holds()
    {
        var store = await OpenAsync();
        using var counted = new StorageCounters("directory-test", PledgeDirectory.StateName);

        await store.WriteAsync([.. Enumerable.Range(0, 500).Select(i => Entry($"P{i:D4}", PledgeStatus.Enrolled, i))],
            [.. Enumerable.Range(0, 500).Select(i => Certificate($"{i:X4}", $"P{i:D4}", i))]);

        Assert.Equal(1, counted.Writes);
        Assert.Equal(1, counted.Commits);
        Assert.Equal(500, (await store.CountAsync())[PledgeStatus.Enrolled]);
    }

    [Fact]
    public async Task The_directory_and_grain_state_share_the_file_and_its_one_writer()
    {
        var file = Open();
        var store = new SqlitePledgeDirectoryStore(file);
        await using var storage = new SqliteGrainStorage("directory-test", new SqliteGrainStorageOptions
        {
            DatabasePath = _folder.DatabasePath,
            GrainStorageSerializer = TestStorage.Binary,
            LegacyJsonSerializer = TestStorage.Json,
        }, _folder.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteGrainStorage>.Instance, file);

        var state = new GrainState<CounterState>(new CounterState { Value = 7 });
        await Task.WhenAll(storage.WriteStateAsync("counter", TestStorage.Grain("a"), state), store.WriteAsync([Entry("A", PledgeStatus.Enrolled, 1)], []));
        await storage.DisposeAsync();

        // The storage did not close the shared writer: the directory still writes through it.
        await store.WriteAsync([Entry("B", PledgeStatus.Enrolled, 1)], []);
        Assert.Equal(2, (await store.SearchAsync(new PledgeQuery(null, null), 0, 10)).Total);
        var reread = new GrainState<CounterState>(new CounterState());
        await TestStorage.Open(_folder.DatabasePath, _folder.Time).ReadStateAsync("counter", TestStorage.Grain("a"), reread);
        Assert.Equal(7, reread.State!.Value);
    }
}
