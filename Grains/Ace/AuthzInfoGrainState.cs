namespace Eals.Grains.Ace;

/// <summary>
/// An /authz-info request's outcome: the 2.01 once given (it holds only nonce2, the Recipient ID and the Client
/// Token, which is encrypted for the pledge), and meanwhile the AS's answer sealed, so a pledge waiting for an
/// operator does not make the AS issue a second voucher for the same nonce1, and its pacing slot.
/// </summary>
[GenerateSerializer]
[Alias("eals.authz-info-state")]
public sealed class AuthzInfoGrainState
{
    [Id(0)] public AuthzInfoReply? Answer { get; set; }

    [Id(1)] public byte[] SealedIntrospection { get; set; } = [];

    [Id(2)] public string? Serial { get; set; }

    /// <summary>The pacing slot of a pledge waiting for an operator, kept for its repeat.</summary>
    [Id(3)] public Pacing.PacingLease? Lease { get; set; }
}
