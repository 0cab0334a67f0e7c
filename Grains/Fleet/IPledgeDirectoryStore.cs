using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>
/// The pledge directory's tables: one row per pledge (its latest state) and one per issued certificate, written
/// in batches (<see cref="PledgeDirectoryUpdates"/>, one write per flush) and queried by the operator API. An
/// index of the pledge grains' own records, kept by the silo's storage (the SQLite file, PostgreSQL).
/// </summary>
public interface IPledgeDirectoryStore
{
    /// <summary>
    /// Stores a batch in one transaction: each pledge's entry unless the stored one is as new or newer (batches of
    /// several silos may interleave), each certificate unless already recorded, and the counts per state with them.
    /// </summary>
    Task<DirectoryWriteOutcome> WriteAsync(IReadOnlyCollection<PledgeDirectoryEntry> entries, IReadOnlyCollection<IssuedCertificateEntry> issued, CancellationToken cancellationToken = default);

    /// <summary>How many pledges match, and <paramref name="take"/> of them by serial after the first <paramref name="skip"/>.</summary>
    Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>How many certificates were issued, and <paramref name="take"/> of them, newest first, after the first <paramref name="skip"/>.</summary>
    Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Pledges per state, every state (zeros included).</summary>
    Task<IReadOnlyDictionary<PledgeStatus, long>> CountAsync(CancellationToken cancellationToken = default);
}
