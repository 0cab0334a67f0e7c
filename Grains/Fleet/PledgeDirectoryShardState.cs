namespace Eals.Grains.Fleet;

[GenerateSerializer]
[Alias("eals.pledge-directory-shard-state")]
public sealed class PledgeDirectoryShardState
{
    [Id(0)] public Dictionary<string, PledgeDirectoryEntry> Pledges { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<IssuedCertificateEntry> Certificates { get; set; } = [];
}
