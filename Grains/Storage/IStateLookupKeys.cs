namespace Eals.Grains.Storage;

/// <summary>
/// Grain state that names lookup keys: storage that offers <see cref="IGrainStateLookup"/> writes them with the
/// state, in the same transaction, and refuses the write (<see cref="LookupKeyTakenException"/>) when another
/// grain's state holds one of them, so a key is unique across the cluster's grains of that state.
/// </summary>
public interface IStateLookupKeys
{
    /// <summary>The keys as of now; keys the state named before and names no more stop finding it.</summary>
    IEnumerable<string> LookupKeys { get; }
}
