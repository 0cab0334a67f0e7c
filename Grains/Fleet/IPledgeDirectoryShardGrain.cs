namespace Eals.Grains.Fleet;

/// <summary>
/// One shard of the pledge directory (key 0 to <see cref="PledgeDirectory.ShardCount"/> - 1, by a hash of
/// the serial): the state of each of its pledges and the certificates issued to them, updated in batches
/// of the pledge grains' changes (<see cref="PledgeDirectoryUpdates"/>), searched by fanning out over all shards (<see cref="PledgeDirectory"/>).
/// </summary>
[Alias("eals.pledge-directory-shard")]
public interface IPledgeDirectoryShardGrain : IGrainWithIntegerKey
{
    /// <summary>A batch of pledges' states now (one each) and certificates just issued to them, stored in one write.</summary>
    [Alias("update-many")]
    Task UpdateManyAsync(PledgeDirectoryEntry[] entries, IssuedCertificateEntry[] issued);

    /// <summary>How many of this shard's pledges match, and the first <paramref name="limit"/> of them by serial.</summary>
    [Alias("search")]
    Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int limit);

    /// <summary>How many certificates this shard's pledges were issued, and the newest <paramref name="limit"/>.</summary>
    [Alias("certificates")]
    Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int limit);
}
