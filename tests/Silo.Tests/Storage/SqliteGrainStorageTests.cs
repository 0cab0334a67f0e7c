using Eals.Silo.Storage;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Silo.Tests.Storage;

/// <summary>The SQLite grain storage as Orleans uses it: round trips, restarts, ETag conflicts under concurrency.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eals-storage-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private SqliteGrainStorage NewStorage() => TestStorage.Open(Path.Combine(_folder, "grains.db"), _time);

    private static GrainId Grain(string key) => TestStorage.Grain(key);

    private static GrainState<CounterState> Empty() => new(new CounterState());

    [Fact]
    public async Task Reading_a_grain_never_written_finds_no_record()
    {
        var storage = NewStorage();
        var state = Empty();

        await storage.ReadStateAsync("counter", Grain("a"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Value);
    }

    [Fact]
    public async Task A_written_state_survives_a_restart_with_its_etag()
    {
        var written = Empty();
        written.State = new CounterState { Value = 42, Name = "serial-0042", Payload = [1, 2, 3] };
        await NewStorage().WriteStateAsync("counter", Grain("a"), written);

        var read = Empty();
        await NewStorage().ReadStateAsync("counter", Grain("a"), read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State!.Value);
        Assert.Equal("serial-0042", read.State!.Name);
        Assert.Equal([1, 2, 3], read.State!.Payload);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var storage = NewStorage();
        var first = Empty();
        first.State = new CounterState { Value = 1 };
        await storage.WriteStateAsync("counter", Grain("a"), first);
        string staleETag = first.ETag!;
        first.State = new CounterState { Value = 2 };
        await storage.WriteStateAsync("counter", Grain("a"), first);

        var stale = new GrainState<CounterState>(new CounterState { Value = 99 }, staleETag);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), stale));

        Assert.Equal(first.ETag, error.StoredEtag);
        var read = Empty();
        await storage.ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(2, read.State!.Value);
    }

    [Fact]
    public async Task Creating_a_record_that_already_exists_is_refused()
    {
        var storage = NewStorage();
        var first = Empty();
        await storage.WriteStateAsync("counter", Grain("a"), first);

        var second = new GrainState<CounterState>(new CounterState { Value = 7 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("a"), second));
    }

    [Fact]
    public async Task Of_concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var seed = Empty();
        await NewStorage().WriteStateAsync("counter", Grain("a"), seed);

        var writers = Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            var state = new GrainState<CounterState>(new CounterState { Value = i }, seed.ETag);
            try
            {
                await NewStorage().WriteStateAsync("counter", Grain("a"), state);
                return i;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })).ToList();
        int[] outcomes = await Task.WhenAll(writers);

        int winner = Assert.Single(outcomes, o => o != 0);
        var read = Empty();
        await NewStorage().ReadStateAsync("counter", Grain("a"), read);
        Assert.Equal(winner, read.State!.Value);
    }

    [Fact]
    public async Task Concurrent_writes_to_distinct_grains_are_all_kept()
    {
        var storage = NewStorage();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), async (i, _) =>
        {
            var state = new GrainState<CounterState>(new CounterState { Value = i });
            await storage.WriteStateAsync("counter", Grain($"g{i}"), state);
            state.State = new CounterState { Value = i + 1000 };
            await storage.WriteStateAsync("counter", Grain($"g{i}"), state);
        });

        var restarted = NewStorage();
        for (int i = 0; i < 300; i++)
        {
            var read = Empty();
            await restarted.ReadStateAsync("counter", Grain($"g{i}"), read);
            Assert.Equal(i + 1000, read.State!.Value);
        }
    }

    [Fact]
    public async Task Clear_needs_the_current_etag_and_allows_a_fresh_record_afterwards()
    {
        var storage = NewStorage();
        var state = new GrainState<CounterState>(new CounterState { Value = 5 });
        await storage.WriteStateAsync("counter", Grain("a"), state);
        var stale = new GrainState<CounterState>(new CounterState(), "not-the-etag");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", Grain("a"), stale));
        var stillThere = Empty();
        await storage.ReadStateAsync("counter", Grain("a"), stillThere);
        Assert.True(stillThere.RecordExists);

        await storage.ClearStateAsync("counter", Grain("a"), state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var gone = Empty();
        await storage.ReadStateAsync("counter", Grain("a"), gone);
        Assert.False(gone.RecordExists);

        var fresh = new GrainState<CounterState>(new CounterState { Value = 6 });
        await storage.WriteStateAsync("counter", Grain("a"), fresh);
        Assert.True(fresh.RecordExists);
    }

    [Fact]
    public async Task State_names_and_grains_are_kept_apart()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync("counter", Grain("a"), new GrainState<CounterState>(new CounterState { Value = 1 }));
        await storage.WriteStateAsync("other", Grain("a"), new GrainState<CounterState>(new CounterState { Value = 2 }));
        await storage.WriteStateAsync("counter", Grain("b"), new GrainState<CounterState>(new CounterState { Value = 3 }));

        var read = Empty();
        await storage.ReadStateAsync("other", Grain("a"), read);
        Assert.Equal(2, read.State!.Value);
        await storage.ReadStateAsync("counter", Grain("b"), read);
        Assert.Equal(3, read.State!.Value);
    }
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }
    [Id(1)] public string? Name { get; set; }
    [Id(2)] public byte[] Payload { get; set; } = [];
}
