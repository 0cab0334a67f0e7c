namespace Eals.Grains.Psk;

[GenerateSerializer]
[Alias("eals.psk-directory-state")]
public sealed class PskDirectoryState
{
    /// <summary>By hex ID Context.</summary>
    [Id(0)] public Dictionary<string, PskKeyView> Keys { get; set; } = [];
}
