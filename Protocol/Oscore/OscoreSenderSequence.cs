namespace Eals.Protocol.Oscore;

/// <summary>
/// The Sender Sequence Number with the persisted ceiling of RFC 8613 appendix B.1.1: numbers below the
/// ceiling may be used; reaching it requires persisting a new ceiling (current + interval) first.
/// Numbers stop at 2^40 - 1 (section 7.2.1): the context is then exhausted, it never wraps.
/// </summary>
public sealed class OscoreSenderSequence
{
    /// <summary>The sequence number persistence interval K of appendix B.1.1 used when none is configured.</summary>
    public const ulong DefaultPersistInterval = 64;

    private const ulong EndOfNumbers = OscoreAlgorithm.MaxSequenceNumber + 1;

    public OscoreSenderSequence(ulong next, ulong ceiling, ulong persistInterval = DefaultPersistInterval)
    {
        ArgumentOutOfRangeException.ThrowIfZero(persistInterval);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(next, EndOfNumbers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ceiling, EndOfNumbers);
        // Never start below a ceiling that may have been used up to (the restart rule).
        Next = Math.Max(next, ceiling);
        Ceiling = ceiling;
        PersistInterval = persistInterval;
    }

    /// <summary>The next sequence number to use.</summary>
    public ulong Next { get; private set; }

    /// <summary>The persisted ceiling: numbers below it may be used.</summary>
    public ulong Ceiling { get; private set; }

    public ulong PersistInterval { get; }

    /// <summary>True when 2^40 - 1 was used: the Sender Context must not protect any more messages.</summary>
    public bool IsExhausted => Next >= EndOfNumbers;

    /// <summary>True when the next number is not yet covered by a persisted ceiling.</summary>
    public bool NeedsPersist => !IsExhausted && Next >= Ceiling;

    /// <summary>The ceiling to persist before the next number may be used.</summary>
    public ulong ProposedCeiling => Math.Min(Next + PersistInterval, EndOfNumbers);

    /// <summary>Records a successfully persisted ceiling.</summary>
    public void CeilingPersisted(ulong ceiling) => Ceiling = Math.Max(Ceiling, Math.Min(ceiling, EndOfNumbers));

    /// <summary>Takes the next number; false when exhausted or not yet covered by the persisted ceiling.</summary>
    public bool TryTake(out ulong sequenceNumber)
    {
        sequenceNumber = Next;
        if (IsExhausted || Next >= Ceiling)
        {
            return false;
        }
        Next++;
        return true;
    }
}
