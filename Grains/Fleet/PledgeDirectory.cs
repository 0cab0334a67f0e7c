namespace Eals.Grains.Fleet;

/// <summary>
/// The pledge directory: <see cref="ShardCount"/> shards, a pledge's shard chosen by a stable hash of its
/// serial, so no shard holds more than its share of a large fleet (about 1,000 pledges of 1,000,000).
/// Searches and listings ask every shard for its first matches and merge them.
/// </summary>
public static class PledgeDirectory
{
    /// <summary>Fixed for a cluster's lifetime: entries stay where their hash put them.</summary>
    public const int ShardCount = 1024;

    /// <summary>How deep a listing may page (skip + take); beyond it, a narrower search is the answer.</summary>
    public const int MaxDepth = 2000;

    public static readonly IComparer<IssuedCertificateEntry> NewestCertificateFirst = Comparer<IssuedCertificateEntry>.Create((a, b) =>
    {
        int byTime = b.IssuedAt.CompareTo(a.IssuedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.SerialHex, b.SerialHex);
    });

    private static readonly IComparer<PledgeDirectoryEntry> BySerial = Comparer<PledgeDirectoryEntry>.Create((a, b) => string.CompareOrdinal(a.Serial, b.Serial));

    /// <summary>A stable hash of the serial (<see cref="StableHash"/>), so every silo finds the same shard.</summary>
    public static int ShardOf(string serial) => (int)(StableHash.Of(serial) % ShardCount);

    public static IPledgeDirectoryShardGrain ShardFor(this IGrainFactory grains, string serial) =>
        grains.GetGrain<IPledgeDirectoryShardGrain>(ShardOf(serial));

    public static Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(this IGrainFactory grains, PledgeQuery query, int skip, int take) =>
        FanOutAsync(grains, (shard, limit) => shard.SearchAsync(query, limit), BySerial, skip, take);

    public static Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(this IGrainFactory grains, int skip, int take) =>
        FanOutAsync(grains, (shard, limit) => shard.ListCertificatesAsync(limit), NewestCertificateFirst, skip, take);

    // Every shard's first skip + take in the listing's order hold the page's items among them.
    private static async Task<DirectoryPage<T>> FanOutAsync<T>(IGrainFactory grains,
        Func<IPledgeDirectoryShardGrain, int, Task<DirectoryPage<T>>> ask, IComparer<T> order, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(skip + take, MaxDepth);
        var pages = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(i => ask(grains.GetGrain<IPledgeDirectoryShardGrain>(i), skip + take)));
        var items = pages.SelectMany(p => p.Items).Order(order).Skip(skip).Take(take).ToList();
        return new DirectoryPage<T>(pages.Sum(p => p.Total), items);
    }
}
