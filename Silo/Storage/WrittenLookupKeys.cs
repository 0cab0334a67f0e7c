using System.Runtime.CompilerServices;
using Eals.Grains.Storage;

namespace Eals.Silo.Storage;

/// <summary>
/// The lookup keys (<see cref="IStateLookupKeys"/>) each activation's grain state last had committed, so a write that
/// keeps them does not delete and insert them again: only that grain's own writes touch its lookup rows, and a write
/// that failed committed nothing, so what the last committed write stored is what is stored. Held per grain-state
/// object (one per activation), weakly: a deactivated grain's entry goes with it.
/// </summary>
public sealed class WrittenLookupKeys
{
    private readonly ConditionalWeakTable<object, string[]> _written = new();

    /// <summary>The keys <paramref name="state"/> names, each once, or null when its type names none.</summary>
    public static string[]? Of(object? state) => state is IStateLookupKeys keyed ? [.. keyed.LookupKeys.Distinct(StringComparer.Ordinal)] : null;

    /// <summary>The keys a write of <paramref name="grainState"/> has to store: null when there are none to store or they are stored already.</summary>
    public string[]? ToWrite(object grainState, string[]? keys) =>
        keys is not null && _written.TryGetValue(grainState, out var written) && written.AsSpan().SequenceEqual(keys) ? null : keys;

    /// <summary>After a committed write that named <paramref name="keys"/>.</summary>
    public void Committed(object grainState, string[]? keys)
    {
        if (keys is not null)
        {
            _written.AddOrUpdate(grainState, keys);
        }
    }

    /// <summary>After a committed clear (its lookups went with it).</summary>
    public void Cleared(object grainState) => _written.Remove(grainState);
}
