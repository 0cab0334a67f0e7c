namespace Eals.Protocol.Oscore;

/// <summary>Tunables of a security context.</summary>
/// <param name="ReplayWindowSize">Replay window size (RFC 8613 section 7.4 suggests 32), 1 to 64.</param>
/// <param name="SequencePersistInterval">K of appendix B.1.1: how far ahead of use the sequence-number ceiling is persisted.</param>
/// <param name="EchoLength">Length of the Echo values of appendix B.1.2 (RFC 9175 allows 1 to 40 bytes).</param>
public sealed record OscoreContextOptions(
    int ReplayWindowSize = OscoreReplayWindow.DefaultSize,
    ulong SequencePersistInterval = OscoreSenderSequence.DefaultPersistInterval,
    int EchoLength = OscoreContextOptions.DefaultEchoLength)
{
    public const int DefaultEchoLength = 8;
    public const int MaxEchoLength = 40;

    public static OscoreContextOptions Default { get; } = new();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReplayWindowSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReplayWindowSize, OscoreReplayWindow.MaxSize);
        ArgumentOutOfRangeException.ThrowIfZero(SequencePersistInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(EchoLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EchoLength, MaxEchoLength);
    }
}
