namespace Eals.Protocol.Oscore;

/// <summary>
/// An <see cref="IOscoreSequenceNumberStore"/> kept in memory: for tests, for simulating a restart (create
/// the context again over the same store) and for contexts that are never restored.
/// </summary>
public sealed class InMemoryOscoreSequenceNumberStore : IOscoreSequenceNumberStore
{
    public ulong? PersistedCeiling { get; private set; }

    /// <summary>How many times a ceiling was persisted (each is a durable write in a real store).</summary>
    public int PersistCount { get; private set; }

    /// <summary>When set, the next persist throws it (simulates a failing storage provider).</summary>
    public Exception? FailNextWith { get; set; }

    public ValueTask PersistCeilingAsync(ulong ceiling, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FailNextWith is { } failure)
        {
            FailNextWith = null;
            return ValueTask.FromException(failure);
        }
        PersistedCeiling = Math.Max(PersistedCeiling ?? 0, ceiling);
        PersistCount++;
        return ValueTask.CompletedTask;
    }
}
