using Eals.Silo.Cluster;
using Eals.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Eals.Cluster.Tests;

/// <summary>
/// Cluster mode's grain storage on PostgreSQL: the contract the embedded default's SQLite storage keeps too, and the
/// move of state that the release before stored through Orleans' ADO.NET provider.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServer postgres) : GrainStorageContract, IAsyncLifetime
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private static readonly IGrainStorageSerializer Binary = new OrleansGrainStorageSerializer(Services.GetRequiredService<Serializer>());

    private readonly List<IAsyncDisposable> _opened = [];
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        await PostgresSchema.EnsureAsync(_database);
    }

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
    }

    protected override Task<IGrainStorage> OpenAsync() => Task.FromResult<IGrainStorage>(Open(legacy: null));

    private PostgresGrainStorage Open(IGrainStorage? legacy)
    {
        var storage = new PostgresGrainStorage("test", _database, Binary, legacy, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
        _opened.Add(storage);
        return storage;
    }

    /// <summary>Orleans' ADO.NET grain storage on this test's database, as the release before ran it.</summary>
    private async Task<IGrainStorage> OpenReleaseBeforeAsync()
    {
        var services = new ServiceCollection()
            .AddSerializer()
            .AddLogging()
            // Orleans' default grain storage serializer, which the release before's rows were written with.
            .AddSingleton<IGrainStorageSerializer>(new JsonGrainStorageSerializer(new OrleansJsonSerializer(Options.Create(new OrleansJsonSerializerOptions()))))
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = ("eals", "eals"));
        services.AddAdoNetGrainStorage(ClusterHosting.LegacyGrainStorageName, options =>
        {
            options.Invariant = ClusterModeOptions.PostgresInvariant;
            options.ConnectionString = _database;
        });
        var provider = services.BuildServiceProvider();
        _opened.Add(provider);
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(ClusterHosting.LegacyGrainStorageName);
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.OnStart();
        return storage;
    }

    [Fact]
    public async Task State_the_release_before_stored_is_read_then_moved_by_its_next_write()
    {
        var before = await OpenReleaseBeforeAsync();
        var old = new GrainState<KeyedState>(new KeyedState { Keys = ["kid:0a"], Note = "stored by the release before" });
        await before.WriteStateAsync(StateName, Grain("a"), old);
        var storage = Open(before);

        var read = await ReadAsync(storage, "a");

        Assert.True(read.RecordExists);
        Assert.Equal("stored by the release before", read.State!.Note);
        Assert.False((await ReadAsync(storage, "never-written")).RecordExists);

        read.State.Note = "moved";
        await storage.WriteStateAsync(StateName, Grain("a"), read);

        Assert.False((await ReadAsync(before, "a")).RecordExists);
        var reread = await ReadAsync(Open(before), "a");
        Assert.Equal("moved", reread.State!.Note);
        Assert.Equal(read.ETag, reread.ETag);
        Assert.Equal("a", await ((Eals.Grains.Storage.IGrainStateLookup)storage).FindAsync(StateName, "kid:0a"));
    }
}
