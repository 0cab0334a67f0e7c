namespace Eals.Grains.Cmc;

/// <summary>The senderNonces (hex) of this pledge's answered requests, each kept until its replay window ends.</summary>
[GenerateSerializer]
[Alias("eals.cmc-pledge-state")]
public sealed class CmcPledgeGrainState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> SeenNonces { get; set; } = [];
}
