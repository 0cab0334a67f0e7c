using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>
/// One batch for the directory's tables, and what it does to the rows stored, the same for every store: a
/// pledge's newest entry wins (an entry never overwrites one stored with the same or a later time), the counts
/// per state move by each winner's old and new state, and the winners that changed state or came with a
/// certificate are the batch's changes. Pure: a store reads the stored rows of <see cref="Serials"/>, asks
/// <see cref="Against"/>, and writes what it says in the same transaction.
/// </summary>
public sealed class DirectoryBatch
{
    public DirectoryBatch(IEnumerable<PledgeDirectoryEntry> entries, IEnumerable<IssuedCertificateEntry> issued)
    {
        // Sorted by key: writers on PostgreSQL then lock rows in the same order.
        Entries = [.. entries.GroupBy(e => e.Serial, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.UpdatedAt)!)
            .OrderBy(e => e.Serial, StringComparer.Ordinal)];
        Certificates = [.. issued.DistinctBy(c => c.SerialHex, StringComparer.Ordinal).OrderBy(c => c.SerialHex, StringComparer.Ordinal)];
    }

    /// <summary>The newest entry of each pledge in the batch, by serial.</summary>
    public IReadOnlyList<PledgeDirectoryEntry> Entries { get; }

    /// <summary>Each certificate once, by serial number.</summary>
    public IReadOnlyList<IssuedCertificateEntry> Certificates { get; }

    public IEnumerable<string> Serials => Entries.Select(e => e.Serial);

    public bool IsEmpty => Entries.Count == 0 && Certificates.Count == 0;

    /// <summary>What the batch does given the rows stored for its pledges (absent: not listed yet).</summary>
    public DirectoryBatchEffect Against(IReadOnlyDictionary<string, PledgeDirectoryEntry> stored)
    {
        var certified = Certificates.Select(c => c.PledgeSerial).ToHashSet(StringComparer.Ordinal);
        var rows = new List<PledgeDirectoryEntry>();
        var counts = new Dictionary<PledgeStatus, long>();
        var changes = new List<PledgeDirectoryEntry>();
        foreach (var entry in Entries)
        {
            var before = stored.GetValueOrDefault(entry.Serial);
            if (before is not null && before.UpdatedAt >= entry.UpdatedAt)
            {
                continue;
            }
            rows.Add(entry);
            if (before?.Status != entry.Status)
            {
                if (before is not null)
                {
                    counts[before.Status] = counts.GetValueOrDefault(before.Status) - 1;
                }
                counts[entry.Status] = counts.GetValueOrDefault(entry.Status) + 1;
            }
            if (before?.Status != entry.Status || certified.Contains(entry.Serial))
            {
                changes.Add(entry);
            }
        }
        return new DirectoryBatchEffect(rows, counts.Where(c => c.Value != 0).OrderBy(c => c.Key).ToDictionary(), changes);
    }
}

/// <summary>The rows a batch writes, how the counts per state move (only those that do), and the batch's changes.</summary>
public sealed record DirectoryBatchEffect(
    IReadOnlyList<PledgeDirectoryEntry> Rows,
    IReadOnlyDictionary<PledgeStatus, long> CountChanges,
    IReadOnlyList<PledgeDirectoryEntry> Changes);
