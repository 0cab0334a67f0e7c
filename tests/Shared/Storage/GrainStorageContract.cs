using Eals.Grains.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Tests.Shared;

/// <summary>
/// What the enrollment grains rely on from a grain storage that offers lookup keys (the embedded default's SQLite file,
/// cluster mode's PostgreSQL): state read back as written, optimistic concurrency by ETag with nothing changed by a
/// refused write, and lookup keys kept with the state in its own write: they find the grain, follow its state, go when
/// it is cleared, and a key another grain holds refuses the whole write (a kid, a certificate serial: never two owners).
/// </summary>
public abstract class GrainStorageContract
{
    protected const string StateName = "keyed";

    /// <summary>A storage on this test's store; each call a new instance on the same store (a restarted silo).</summary>
    protected abstract Task<IGrainStorage> OpenAsync();

    protected static GrainId Grain(string key) => GrainId.Create("pledge", key);

    private static async Task<GrainState<KeyedState>> WriteAsync(IGrainStorage storage, string grain, GrainState<KeyedState>? state, params string[] keys)
    {
        state ??= new GrainState<KeyedState>(new KeyedState());
        state.State!.Keys = [.. keys];
        await storage.WriteStateAsync(StateName, Grain(grain), state);
        return state;
    }

    protected static async Task<GrainState<KeyedState>> ReadAsync(IGrainStorage storage, string grain)
    {
        var state = new GrainState<KeyedState>(new KeyedState());
        await storage.ReadStateAsync(StateName, Grain(grain), state);
        return state;
    }

    private static Task<string?> FindAsync(IGrainStorage storage, string key) => ((IGrainStateLookup)storage).FindAsync(StateName, key);

    [Fact]
    public async Task A_state_reads_back_as_written_also_after_a_restart()
    {
        var storage = await OpenAsync();
        var written = await WriteAsync(storage, "a", null, "kid:01");
        written.State!.Note = "second";
        await storage.WriteStateAsync(StateName, Grain("a"), written);

        var read = await ReadAsync(await OpenAsync(), "a");

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("second", read.State!.Note);
        Assert.Equal(["kid:01"], read.State.Keys);
        Assert.False((await ReadAsync(storage, "never-written")).RecordExists);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_or_over_a_row_it_did_not_read_is_refused_and_changes_nothing()
    {
        var storage = await OpenAsync();
        var first = await WriteAsync(storage, "a", null, "kid:01");
        var second = await ReadAsync(storage, "a");
        await WriteAsync(storage, "a", second, "kid:02");

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "a", first, "kid:03"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "a", null, "kid:04"));

        var stored = await ReadAsync(storage, "a");
        Assert.Equal(second.ETag, stored.ETag);
        Assert.Equal(["kid:02"], stored.State!.Keys);
        Assert.Equal("a", await FindAsync(storage, "kid:02"));
        Assert.Null(await FindAsync(storage, "kid:03"));
        Assert.Null(await FindAsync(storage, "kid:04"));
    }

    [Fact]
    public async Task A_states_keys_find_its_grain_and_keys_it_no_longer_names_stop_finding_it()
    {
        var storage = await OpenAsync();
        // A state may name one key twice (a kid that is also its session's identifier): it is stored once.
        var a = await WriteAsync(storage, "a", null, "kid:01", "certificate:AA", "kid:01");

        Assert.Equal("a", await FindAsync(storage, "kid:01"));
        Assert.Equal("a", await FindAsync(storage, "certificate:AA"));
        Assert.Null(await ((IGrainStateLookup)storage).FindAsync("other-state", "kid:01"));

        await WriteAsync(storage, "a", a, "kid:02", "certificate:AA");

        Assert.Null(await FindAsync(storage, "kid:01"));
        Assert.Equal("a", await FindAsync(storage, "kid:02"));
        Assert.Equal("a", await FindAsync(storage, "certificate:AA"));
    }

    [Fact]
    public async Task A_key_another_grain_holds_refuses_the_write_and_changes_nothing()
    {
        var storage = await OpenAsync();
        await WriteAsync(storage, "a", null, "certificate:AA");
        var b = await WriteAsync(storage, "b", null, "kid:0b");
        string? etag = b.ETag;

        var taken = await Assert.ThrowsAsync<LookupKeyTakenException>(() => WriteAsync(storage, "b", b, "kid:0b", "certificate:AA"));

        Assert.Equal("certificate:AA", taken.LookupKey);
        Assert.Equal("a", await FindAsync(storage, "certificate:AA"));
        Assert.Equal("b", await FindAsync(storage, "kid:0b"));
        var stored = await ReadAsync(storage, "b");
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(["kid:0b"], stored.State!.Keys);
    }

    [Fact]
    public async Task Writes_that_keep_the_keys_keep_them_findable_also_after_a_refused_write()
    {
        var storage = await OpenAsync();
        await WriteAsync(storage, "a", null, "certificate:AA");
        var b = await WriteAsync(storage, "b", null, "kid:0b");
        await WriteAsync(storage, "b", b, "kid:0b");
        await Assert.ThrowsAsync<LookupKeyTakenException>(() => WriteAsync(storage, "b", b, "kid:0b", "certificate:AA"));

        await WriteAsync(storage, "b", b, "kid:0b");

        Assert.Equal("b", await FindAsync(storage, "kid:0b"));
        Assert.Equal("a", await FindAsync(storage, "certificate:AA"));
        Assert.Equal("b", await FindAsync(await OpenAsync(), "kid:0b"));
    }

    [Fact]
    public async Task Clearing_a_state_frees_its_keys_for_another_grain_and_a_stale_clear_is_refused()
    {
        var storage = await OpenAsync();
        var a = await WriteAsync(storage, "a", null, "kid:01");
        var stale = new GrainState<KeyedState>(new KeyedState()) { ETag = "stale", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain("a"), stale));
        Assert.Equal("a", await FindAsync(storage, "kid:01"));

        await storage.ClearStateAsync(StateName, Grain("a"), a);

        Assert.False((await ReadAsync(storage, "a")).RecordExists);
        Assert.Null(await FindAsync(storage, "kid:01"));
        await WriteAsync(storage, "b", null, "kid:01");
        Assert.Equal("b", await FindAsync(storage, "kid:01"));
    }
}

[GenerateSerializer]
public sealed class KeyedState : IStateLookupKeys
{
    [Id(0)] public List<string> Keys { get; set; } = [];

    [Id(1)] public string Note { get; set; } = "";

    public IEnumerable<string> LookupKeys => Keys;
}
