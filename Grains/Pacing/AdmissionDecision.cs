namespace Eals.Grains.Pacing;

/// <summary>
/// The answer to a trigger: admitted with a slot lease, or not yet with the expected wait in seconds
/// (the CoAP Max-Age of the 5.03) and about how many pledges wait ahead.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.admission-decision")]
public sealed record AdmissionDecision(
    [property: Id(0)] PacingLease? Lease,
    [property: Id(1)] uint RetryAfterSeconds,
    [property: Id(2)] long Ahead,
    [property: Id(3)] string? Reason = null)
{
    public bool Admitted => Lease is not null;

    /// <summary>The 5.03's diagnostic for a pledge not admitted yet, the same on every route.</summary>
    public string WaitDiagnostic => Reason is { } reason
        ? $"{reason}; come back in {RetryAfterSeconds} s"
        : $"enrollment paced: about {Ahead} pledges ahead; come back in {RetryAfterSeconds} s";

    public static AdmissionDecision Admit(PacingLease lease) => new(lease, 0, 0);

    public static AdmissionDecision Wait(uint retryAfterSeconds, long ahead) => new(null, retryAfterSeconds, ahead);

    /// <summary>Not queued at all: the source holds as many handshakes and places as it may (<see cref="PacingOptions.SourceCap"/>).</summary>
    public static AdmissionDecision SourceFull(uint retryAfterSeconds) => new(null, retryAfterSeconds, 0, "too many handshakes from this source");
}
