namespace Eals.Grains.Psk;

/// <summary>
/// The key in force (if any) and a digest of every secret ever imported for the pledge identifier (enough to
/// refuse a secret again; the secret itself lives only, sealed, in its OSCORE context's state).
/// </summary>
[GenerateSerializer]
[Alias("eals.psk-state")]
public sealed class PskGrainState
{
    [Id(0)] public PskKeyView? Current { get; set; }
    /// <summary>Secrets sealed by releases before digests; turned into digests at the next import.</summary>
    [Id(1)] public List<byte[]> SealedSecrets { get; set; } = [];

    /// <summary>SHA-256 over the key's purpose and the secret (secrets are random, at least 16 bytes).</summary>
    [Id(2)] public List<byte[]> SecretDigests { get; set; } = [];
}
