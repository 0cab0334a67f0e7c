namespace Eals.Grains.Psk;

/// <summary>The list of imported keys (never their secrets) for the operators; one grain, key 0.</summary>
[Alias("eals.psk-directory")]
public interface IPskDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("put")]
    Task PutAsync(PskKeyView key);

    [Alias("remove")]
    Task RemoveAsync(string idContext);

    [Alias("list")]
    Task<IReadOnlyList<PskKeyView>> ListAsync();
}
