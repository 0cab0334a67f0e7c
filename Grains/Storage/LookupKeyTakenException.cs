namespace Eals.Grains.Storage;

/// <summary>A state write refused because another grain's state already holds one of its lookup keys; nothing was written.</summary>
public sealed class LookupKeyTakenException(string stateName, string lookupKey, string holder)
    : Exception($"'{lookupKey}' of {stateName} state is held by {holder}")
{
    public string StateName { get; } = stateName;

    public string LookupKey { get; } = lookupKey;
}
