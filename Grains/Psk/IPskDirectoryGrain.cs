namespace Eals.Grains.Psk;

/// <summary>
/// One shard of the list of imported keys (never their secrets) for the operators, keys 1 to
/// <see cref="PskDirectory.ShardCount"/> (see <see cref="PskDirectory"/>); key 0 is the single list of releases
/// before shards, only ever drained.
/// </summary>
[Alias("eals.psk-directory")]
public interface IPskDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("put")]
    Task PutAsync(PskKeyView key);

    [Alias("remove")]
    Task RemoveAsync(string idContext);

    [Alias("list")]
    Task<IReadOnlyList<PskKeyView>> ListAsync();

    /// <summary>Returns every entry and forgets them (the pre-shard list handing its keys over).</summary>
    [Alias("drain")]
    Task<IReadOnlyList<string>> DrainAsync();
}
