using Eals.Grains.Storage;
using Eals.Silo.Storage;
using Orleans;

namespace Eals.Silo.Tests.Storage;

/// <summary>
/// Lookup keys kept with a grain's state in its own write: they find the grain, follow its state as it changes,
/// go with it when it is cleared, and a key another grain holds refuses the whole write (a kid, a certificate
/// serial: never two owners).
/// </summary>
public sealed class SqliteGrainLookupTests : IDisposable
{
    private const string StateName = "keyed";

    private readonly StorageFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SqliteGrainStorage NewStorage() => TestStorage.Open(_folder.DatabasePath, _folder.Time);

    private static async Task<GrainState<KeyedState>> WriteAsync(SqliteGrainStorage storage, string grain, GrainState<KeyedState>? state, params string[] keys)
    {
        state ??= new GrainState<KeyedState>(new KeyedState());
        state.State!.Keys = [.. keys];
        await storage.WriteStateAsync(StateName, TestStorage.Grain(grain), state);
        return state;
    }

    [Fact]
    public async Task A_states_keys_find_its_grain_and_keys_it_no_longer_names_stop_finding_it()
    {
        await using var storage = NewStorage();
        var a = await WriteAsync(storage, "a", null, "kid:01", "certificate:AA");

        Assert.Equal("a", await storage.FindAsync(StateName, "kid:01"));
        Assert.Equal("a", await storage.FindAsync(StateName, "certificate:AA"));
        Assert.Null(await storage.FindAsync("other-state", "kid:01"));

        await WriteAsync(storage, "a", a, "kid:02", "certificate:AA");

        Assert.Null(await storage.FindAsync(StateName, "kid:01"));
        Assert.Equal("a", await storage.FindAsync(StateName, "kid:02"));
        Assert.Equal("a", await storage.FindAsync(StateName, "certificate:AA"));
    }

    [Fact]
    public async Task A_key_another_grain_holds_refuses_the_write_and_changes_nothing()
    {
        await using var storage = NewStorage();
        await WriteAsync(storage, "a", null, "certificate:AA");
        var b = await WriteAsync(storage, "b", null, "kid:0b");
        string? etag = b.ETag;

        var taken = await Assert.ThrowsAsync<LookupKeyTakenException>(() => WriteAsync(storage, "b", b, "kid:0b", "certificate:AA"));

        Assert.Equal("certificate:AA", taken.LookupKey);
        Assert.Equal("a", await storage.FindAsync(StateName, "certificate:AA"));
        Assert.Equal("b", await storage.FindAsync(StateName, "kid:0b"));
        var stored = new GrainState<KeyedState>(new KeyedState());
        await storage.ReadStateAsync(StateName, TestStorage.Grain("b"), stored);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(["kid:0b"], stored.State!.Keys);
    }

    [Fact]
    public async Task Writes_that_keep_the_keys_keep_them_findable_also_after_a_refused_write()
    {
        await using var storage = NewStorage();
        await WriteAsync(storage, "a", null, "certificate:AA");
        var b = await WriteAsync(storage, "b", null, "kid:0b");
        await WriteAsync(storage, "b", b, "kid:0b");
        await Assert.ThrowsAsync<LookupKeyTakenException>(() => WriteAsync(storage, "b", b, "kid:0b", "certificate:AA"));

        await WriteAsync(storage, "b", b, "kid:0b");

        Assert.Equal("b", await storage.FindAsync(StateName, "kid:0b"));
        Assert.Equal("a", await storage.FindAsync(StateName, "certificate:AA"));
        await using var reopened = NewStorage();
        Assert.Equal("b", await reopened.FindAsync(StateName, "kid:0b"));
    }

    [Fact]
    public async Task Clearing_a_state_frees_its_keys_for_another_grain()
    {
        await using var storage = NewStorage();
        var a = await WriteAsync(storage, "a", null, "kid:01");

        await storage.ClearStateAsync(StateName, TestStorage.Grain("a"), a);

        Assert.Null(await storage.FindAsync(StateName, "kid:01"));
        await WriteAsync(storage, "b", null, "kid:01");
        Assert.Equal("b", await storage.FindAsync(StateName, "kid:01"));
    }
}

[GenerateSerializer]
public sealed class KeyedState : IStateLookupKeys
{
    [Id(0)] public List<string> Keys { get; set; } = [];

    public IEnumerable<string> LookupKeys => Keys;
}
