using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Silo.Cluster;
using Eals.Tests.Shared;
using Npgsql;

namespace Eals.Cluster.Tests;

/// <summary>The directory on PostgreSQL: the store's contract, and exact counts while two silos' batches interleave.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPledgeDirectoryStoreTests(PostgresServer postgres) : PledgeDirectoryStoreContract, IAsyncDisposable
{
    private readonly List<PostgresPledgeDirectoryStore> _stores = [];

    protected override async Task<IPledgeDirectoryStore> OpenAsync() => Open(await NewDatabaseAsync());

    private async Task<string> NewDatabaseAsync()
    {
        string database = await postgres.CreateDatabaseAsync();
        await PostgresSchema.EnsureAsync(database);
        return database;
    }

    private PostgresPledgeDirectoryStore Open(string database)
    {
        var store = new PostgresPledgeDirectoryStore(database);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Batches_of_two_silos_on_the_same_pledges_keep_the_newest_entries_and_exact_counts()
    {
        string database = await NewDatabaseAsync();
        var (one, two) = (Open(database), Open(database));
        var statuses = Enum.GetValues<PledgeStatus>();
        // Each silo writes 40 batches over the same 200 pledges, each entry at its own time, in opposite orders.
        var writes = Enumerable.Range(0, 40).SelectMany(round => new[]
        {
            one.WriteAsync([.. Enumerable.Range(0, 200).Select(i => Entry($"P{i:D3}", statuses[(i + round) % statuses.Length], round * 2))], []),
            two.WriteAsync([.. Enumerable.Range(0, 200).Reverse().Select(i => Entry($"P{i:D3}", statuses[(i + round + 1) % statuses.Length], round * 2 + 1))], []),
        });
        await Task.WhenAll(writes);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM pledge_directory GROUP BY status", connection);
        var actual = statuses.ToDictionary(s => s, _ => 0L);
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                actual[(PledgeStatus)rows.GetInt32(0)] = rows.GetInt64(1);
            }
        }
        Assert.Equal(actual, await one.CountAsync());
        // The last round's second silo wrote the newest entry of every pledge.
        var listed = await one.SearchAsync(new PledgeQuery("P00", null), 0, 10);
        Assert.All(listed.Items, e => Assert.Equal(Entry(e.Serial, statuses[(int.Parse(e.Serial[1..], System.Globalization.CultureInfo.InvariantCulture) + 40) % statuses.Length], 79), e));
    }
}
