using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Grains.Fleet;

/// <summary>
/// Moves the pledge directory of the releases before into the directory's store, once: it was
/// <see cref="ShardCount"/> shard grains, each holding its pledges and their certificates as one grain state
/// (<see cref="PledgeDirectory.StateName"/>) in the default grain storage. Once the silo is active, in the
/// background (a large directory takes minutes; its pledges show as they are moved), each shard state still
/// stored is written to the store and then cleared, so later starts find none. Read through
/// the grain storage itself, so every backend and stored format it reads (SQLite binary or JSON, PostgreSQL) is
/// covered. Safe to repeat after a crash between the write and the clear, and on several silos at once: the
/// store keeps each pledge's newest entry and each certificate once.
/// </summary>
public sealed partial class PledgeDirectoryShardMigration(IServiceProvider services, IPledgeDirectoryStore store, ILogger<PledgeDirectoryShardMigration> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const int ShardCount = 1024;

    // Shards read, written to the store in one write and cleared together.
    private const int ShardsPerWrite = 64;

    /// <summary>The grain id the shard grain <paramref name="shard"/> stored its state under.</summary>
    public static GrainId ShardId(int shard) =>
        GrainId.Create(GrainType.Create("pledgedirectoryshard"), GrainIdKeyExtensions.CreateIntegerKey(shard));

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The move started when the silo became active; the number of pledges it moved.</summary>
    public Task<int> Completion { get; private set; } = Task.FromResult(0);

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(PledgeDirectoryShardMigration), ServiceLifecycleStage.Active, _ =>
    {
        Completion = Task.Run(() => MigrateAsync(_stopping.Token));
        return Task.CompletedTask;
    }, async _ =>
    {
        // Stopping halfway leaves the rest stored for the next start.
        await _stopping.CancelAsync();
        await ((Task)Completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    });

    /// <summary>Moves every shard state found; returns the number of pledges moved.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        int moved = 0;
        for (int first = 0; first < ShardCount && !cancellationToken.IsCancellationRequested; first += ShardsPerWrite)
        {
            var shards = Enumerable.Range(first, Math.Min(ShardsPerWrite, ShardCount - first)).Select(ShardId).ToList();
            try
            {
                moved += await MoveAsync(storage, shards, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // What was not moved stays stored and is moved at the next start.
                LogNotMoved(logger, first, first + shards.Count - 1, exception.Message);
            }
        }
        if (moved > 0)
        {
            LogMoved(logger, moved);
        }
        return moved;
    }

    private async Task<int> MoveAsync(IGrainStorage storage, List<GrainId> shards, CancellationToken cancellationToken)
    {
        var states = await Task.WhenAll(shards.Select(async shard =>
        {
            var state = new GrainState<PledgeDirectoryShardState>(new PledgeDirectoryShardState());
            await storage.ReadStateAsync(PledgeDirectory.StateName, shard, state);
            return (Shard: shard, State: state);
        }));
        var found = states.Where(s => s.State.RecordExists).ToList();
        if (found.Count == 0)
        {
            return 0;
        }
        var shardStates = found.Select(s => s.State.State ?? new PledgeDirectoryShardState()).ToList();
        var entries = shardStates.SelectMany(s => s.Pledges.Values).ToList();
        await store.WriteAsync(entries, [.. shardStates.SelectMany(s => s.Certificates)], cancellationToken);
        await Task.WhenAll(found.Select(s => ClearAsync(storage, s.Shard, s.State)));
        return entries.Count;
    }

    private async Task ClearAsync(IGrainStorage storage, GrainId shard, GrainState<PledgeDirectoryShardState> state)
    {
        try
        {
            await storage.ClearStateAsync(PledgeDirectory.StateName, shard, state);
        }
        catch (InconsistentStateException)
        {
            // Another silo starting at the same time moved and cleared it first.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pledge directory: moved {Count} pledges of the directory shards of the release before into the directory's table")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pledge directory: shards {First} to {Last} of the release before were not moved now ({Reason}); the next start tries again")]
    private static partial void LogNotMoved(ILogger logger, int first, int last, string reason);
}
