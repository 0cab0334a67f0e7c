namespace Eals.Grains.Fleet;

/// <summary>
/// The pledge directory's constants: the name its writes are counted under (also the grain state of the shards
/// it replaced, <see cref="PledgeDirectoryShardMigration"/>) and how deep a listing may page.
/// </summary>
public static class PledgeDirectory
{
    public const string StateName = "pledge-directory";

    /// <summary>How deep a listing may page (skip + take); beyond it, a narrower search is the answer.</summary>
    public const int MaxDepth = 2000;

    /// <summary>Throws unless the page lies within <see cref="MaxDepth"/>.</summary>
    public static void CheckPage(int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(skip + take, MaxDepth);
    }
}
