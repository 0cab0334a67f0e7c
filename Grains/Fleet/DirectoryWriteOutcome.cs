namespace Eals.Grains.Fleet;

/// <summary>
/// What a batch written to the directory changed: the entries stored that moved their pledge to another state or
/// came with a certificate (the live view's changes), and the certificates recorded for the first time (completions).
/// </summary>
public sealed record DirectoryWriteOutcome(
    IReadOnlyList<PledgeDirectoryEntry> Changes,
    IReadOnlyList<IssuedCertificateEntry> Recorded)
{
    public static readonly DirectoryWriteOutcome Nothing = new([], []);
}
