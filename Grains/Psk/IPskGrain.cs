namespace Eals.Grains.Psk;

/// <summary>
/// The pre-shared key of one pledge identifier (OSCORE ID Context), keyed by its hex. Every secret ever
/// imported for it is kept sealed, so the same secret is never accepted twice: a context started again
/// under an unchanged key would start a fresh replay window, and old requests could be replayed.
/// </summary>
[Alias("eals.psk")]
public interface IPskGrain : IGrainWithStringKey
{
    /// <summary>Null when <paramref name="import"/> would be accepted, else why not; changes nothing.</summary>
    [Alias("check")]
    Task<string?> CheckAsync(PskImport import);

    /// <summary>Stores the key and establishes its OSCORE context; null when done, else why not (nothing changed).</summary>
    [Alias("import")]
    Task<string?> ImportAsync(PskImport import);

    /// <summary>Removes the key and its context; false when there was none. Its secret stays unusable for later imports.</summary>
    [Alias("remove")]
    Task<bool> RemoveAsync();

    /// <summary>The first request verified under the key (its context authenticated the pledge then): recorded for the key list.</summary>
    [Alias("first-used")]
    Task FirstUsedAsync();

    [Alias("get")]
    Task<PskKeyView?> GetAsync();

    /// <summary>Puts the key's current view (if any) in its shard of the key list (moving it from the pre-shard list).</summary>
    [Alias("relist")]
    Task RelistAsync();
}
