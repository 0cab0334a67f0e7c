namespace Eals.Protocol.Oscore;

/// <summary>
/// Durable storage of a Sender Context's sequence-number ceiling (RFC 8613 appendix B.1.1): the context
/// never uses a sequence number at or above the persisted ceiling, so after a restart it can resume at
/// the ceiling without reusing a (key, nonce) pair. One store per security context; the grain that owns
/// the context implements it over its persistent state.
/// </summary>
public interface IOscoreSequenceNumberStore
{
    /// <summary>The ceiling last persisted successfully, or null if none ever was (the state was loaded before use).</summary>
    ulong? PersistedCeiling { get; }

    /// <summary>
    /// Durably records that sequence numbers below <paramref name="ceiling"/> may be in use. Completes only
    /// once the value is stored; a failure must throw, and then the context uses no new number.
    /// </summary>
    ValueTask PersistCeilingAsync(ulong ceiling, CancellationToken cancellationToken);
}
