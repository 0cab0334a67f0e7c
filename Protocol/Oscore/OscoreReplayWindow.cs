namespace Eals.Protocol.Oscore;

/// <summary>
/// The Recipient Context's replay window (RFC 8613 section 7.4): a sliding window over the highest
/// sequence number received, in the style of RFC 4303 section 3.4.3. A number is accepted once if it is
/// above the window's top or inside the window and not yet marked; the window moves only through
/// <see cref="MarkReceived"/>, which the caller invokes after the message decrypted successfully.
/// </summary>
public sealed class OscoreReplayWindow
{
    public const int DefaultSize = 32;
    public const int MaxSize = 64;

    private ulong _bitmap;

    public OscoreReplayWindow(int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        Highest = -1;
        IsInitialised = true;
    }

    public int Size { get; }

    /// <summary>The highest sequence number received, -1 when none.</summary>
    public long Highest { get; private set; }

    /// <summary>Bit i set: sequence number <c>Highest - i</c> was received.</summary>
    public ulong Bitmap => _bitmap;

    /// <summary>False after a restart that lost the window, until <see cref="InitialiseFrom"/> (RFC 8613 appendix B.1.2).</summary>
    public bool IsInitialised { get; private set; }

    private ulong Mask => Size == MaxSize ? ulong.MaxValue : (1UL << Size) - 1;

    public static OscoreReplayWindow Restore(int size, long highest, ulong bitmap, bool initialised)
    {
        var window = new OscoreReplayWindow(size);
        if (highest < -1 || highest > (long)OscoreAlgorithm.MaxSequenceNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(highest));
        }
        window.Highest = highest;
        window._bitmap = highest < 0 ? 0 : bitmap & window.Mask;
        window.IsInitialised = initialised;
        return window;
    }

    /// <summary>A window whose state is not trustworthy: every request needs an Echo round trip first.</summary>
    public static OscoreReplayWindow Uninitialised(int size)
    {
        var window = new OscoreReplayWindow(size) { IsInitialised = false };
        return window;
    }

    public OscoreReplayCheck Check(ulong sequenceNumber)
    {
        if (!IsInitialised)
        {
            return OscoreReplayCheck.WindowNotInitialised;
        }
        if (Highest < 0 || (long)sequenceNumber > Highest)
        {
            return OscoreReplayCheck.Fresh;
        }
        ulong behind = (ulong)Highest - sequenceNumber;
        if (behind >= (ulong)Size)
        {
            return OscoreReplayCheck.TooOld;
        }
        return (_bitmap & (1UL << (int)behind)) != 0 ? OscoreReplayCheck.Replayed : OscoreReplayCheck.Fresh;
    }

    /// <summary>Marks a sequence number as received. Call only after <see cref="Check"/> said Fresh and decryption succeeded.</summary>
    public void MarkReceived(ulong sequenceNumber)
    {
        if (Check(sequenceNumber) != OscoreReplayCheck.Fresh)
        {
            throw new InvalidOperationException($"Sequence number {sequenceNumber} is not fresh.");
        }
        if (Highest < 0 || (long)sequenceNumber > Highest)
        {
            ulong shift = Highest < 0 ? (ulong)MaxSize : sequenceNumber - (ulong)Highest;
            _bitmap = shift >= MaxSize ? 0 : _bitmap << (int)shift;
            _bitmap = (_bitmap | 1) & Mask;
            Highest = (long)sequenceNumber;
        }
        else
        {
            _bitmap |= 1UL << (int)((ulong)Highest - sequenceNumber);
        }
    }

    /// <summary>
    /// RFC 8613 appendix B.1.2: after a request was verified fresh with Echo, its Partial IV becomes the
    /// lower limit of the window: it and everything below it count as received.
    /// </summary>
    public void InitialiseFrom(ulong sequenceNumber)
    {
        Highest = (long)sequenceNumber;
        _bitmap = Mask;
        IsInitialised = true;
    }
}
