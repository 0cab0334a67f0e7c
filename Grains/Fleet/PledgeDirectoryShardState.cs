namespace Eals.Grains.Fleet;

/// <summary>
/// The state of one directory shard grain of the releases before (its pledges and their certificates), kept
/// only so <see cref="PledgeDirectoryShardMigration"/> can read it; name and namespace are part of the stored
/// JSON rows (their <c>$type</c>).
/// </summary>
[GenerateSerializer]
[Alias("eals.pledge-directory-shard-state")]
public sealed class PledgeDirectoryShardState
{
    [Id(0)] public Dictionary<string, PledgeDirectoryEntry> Pledges { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<IssuedCertificateEntry> Certificates { get; set; } = [];
}
