namespace Eals.Grains.Psk;

/// <summary>
/// The key list: <see cref="ShardCount"/> shards, a key's shard chosen by a stable hash of its ID Context, so an
/// import writes one small shard, not one list of every key (a batch of thousands was quadratic in one grain).
/// A listing asks every shard and merges, ordered by serial then ID Context.
/// </summary>
public static class PskDirectory
{
    /// <summary>Fixed for a cluster's lifetime: entries stay where their hash put them.</summary>
    public const int ShardCount = 256;

    /// <summary>The pre-shard single list's grain key.</summary>
    public const int LegacyList = 0;

    public static IPskDirectoryGrain ShardFor(this IGrainFactory grains, string idContext) =>
        grains.Reference<IPskDirectoryGrain>(1 + (int)(StableHash.Of(idContext) % ShardCount));

    public static async Task<IReadOnlyList<PskKeyView>> ListPskKeysAsync(this IGrainFactory grains)
    {
        // Keys listed by a release before shards are listed again by their own grains, which know their current view.
        foreach (string idContext in await grains.Reference<IPskDirectoryGrain>(LegacyList).DrainAsync())
        {
            await grains.Reference<IPskGrain>(idContext).RelistAsync();
        }
        var shards = await Task.WhenAll(Enumerable.Range(1, ShardCount).Select(i => grains.Reference<IPskDirectoryGrain>(i).ListAsync()));
        return [.. shards.SelectMany(s => s).OrderBy(k => k.Serial, StringComparer.Ordinal).ThenBy(k => k.IdContext, StringComparer.Ordinal)];
    }
}
