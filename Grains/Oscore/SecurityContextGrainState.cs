using Eals.Grains.Pledges;

namespace Eals.Grains.Oscore;

/// <summary>
/// A security context as stored: the exported context state (keys, sequence number and its ceiling,
/// replay window) sealed, and the identity it authenticates (not secret).
/// </summary>
[GenerateSerializer]
[Alias("eals.security-context-state")]
public sealed class SecurityContextGrainState
{
    public const string StateName = "oscore";

    [Id(0)] public byte[] SealedContext { get; set; } = [];
    [Id(1)] public PledgeIdentity? Identity { get; set; }
    [Id(2)] public DateTimeOffset EstablishedAt { get; set; }
    [Id(3)] public long RequestsServed { get; set; }

    /// <summary>Set for a context whose pledge is authenticated by its first verified request (ACE, pre-shared key), until then.</summary>
    [Id(4)] public bool AwaitingFirstUse { get; set; }

    /// <summary>The pacing slot handed to the pledge grain at that first use (ACE's; none for a pre-shared key, which asks its site then).</summary>
    [Id(5)] public Pacing.PacingLease? LeaseUntilFirstUse { get; set; }
}
