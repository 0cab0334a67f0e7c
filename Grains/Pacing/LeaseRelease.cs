namespace Eals.Grains.Pacing;

/// <summary>
/// One lease given back to its site, with how its enrollment ended; or, with <see cref="HandshakeDone"/>, not given
/// back: the handshake holding it authenticated its pledge, so the slot is kept for the enrollment's lease.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.lease-release")]
public sealed record LeaseRelease([property: Id(0)] string LeaseId, [property: Id(1)] string Outcome, [property: Id(2)] bool HandshakeDone = false);
