namespace Eals.Grains.Storage;

/// <summary>
/// Finds a grain by a key its state names (<see cref="IStateLookupKeys"/>): offered by grain storage that keeps
/// those keys in the same transaction as the state itself (the embedded SQLite storage), so a lookup costs no
/// write of its own. Storage without it (PostgreSQL through Orleans' ADO.NET provider) registers none, and the
/// grains that would use it keep a record of their own instead.
/// </summary>
public interface IGrainStateLookup
{
    /// <summary>The key (string form) of the grain whose <paramref name="stateName"/> state names <paramref name="lookupKey"/>, or null.</summary>
    Task<string?> FindAsync(string stateName, string lookupKey);
}
