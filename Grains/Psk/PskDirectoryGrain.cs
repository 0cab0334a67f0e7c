namespace Eals.Grains.Psk;

/// <summary>A shard of the key list: the views of the keys whose ID Context hashes to it, by hex ID Context.</summary>
public sealed class PskDirectoryGrain([PersistentState("psk-directory")] IPersistentState<PskDirectoryState> state) : Grain, IPskDirectoryGrain
{
    public async Task PutAsync(PskKeyView key)
    {
        state.State.Keys[key.IdContext] = key;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string idContext)
    {
        if (state.State.Keys.Remove(idContext))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<PskKeyView>> ListAsync() => Task.FromResult<IReadOnlyList<PskKeyView>>([.. state.State.Keys.Values]);

    public async Task<IReadOnlyList<string>> DrainAsync()
    {
        if (state.State.Keys.Count == 0)
        {
            return [];
        }
        List<string> drained = [.. state.State.Keys.Keys];
        state.State.Keys.Clear();
        await state.WriteStateAsync();
        return drained;
    }
}
