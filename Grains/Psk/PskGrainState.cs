namespace Eals.Grains.Psk;

/// <summary>The key in force (if any) and every secret ever imported for the pledge identifier, each sealed.</summary>
[GenerateSerializer]
[Alias("eals.psk-state")]
public sealed class PskGrainState
{
    [Id(0)] public PskKeyView? Current { get; set; }
    [Id(1)] public List<byte[]> SealedSecrets { get; set; } = [];
}
