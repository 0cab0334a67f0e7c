namespace Eals.Grains.Psk;

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

    public Task<IReadOnlyList<PskKeyView>> ListAsync()
        => Task.FromResult<IReadOnlyList<PskKeyView>>([.. state.State.Keys.Values.OrderBy(k => k.Serial, StringComparer.Ordinal).ThenBy(k => k.IdContext, StringComparer.Ordinal)]);
}
