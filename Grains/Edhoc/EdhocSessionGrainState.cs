namespace Eals.Grains.Edhoc;

/// <summary>
/// A registrar-side EDHOC session as stored. The protocol state (ephemeral private key, PRKs) is only
/// ever stored sealed; once the session ends it is erased and only the final reply is kept, so that a
/// repeated message (the pledge did not get the answer) gets the same answer.
/// </summary>
[GenerateSerializer]
[Alias("eals.edhoc-session-state")]
public sealed class EdhocSessionGrainState
{
    public const string StateName = "edhoc";

    [Id(0)] public EdhocSessionPhase Phase { get; set; }
    [Id(1)] public EdhocFlow Flow { get; set; }
    [Id(2)] public byte[] SealedProtocolState { get; set; } = [];
    [Id(3)] public DateTimeOffset StartedAt { get; set; }
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(5)] public string Site { get; set; } = "";
    /// <summary>SHA-256 of the last message processed, and the reply it got.</summary>
    [Id(6)] public byte[] LastMessageHash { get; set; } = [];
    [Id(7)] public EdhocReply? LastReply { get; set; }
    [Id(8)] public string? PledgeSerial { get; set; }
    [Id(9)] public string? FailureReason { get; set; }
    /// <summary>The MASA's voucher for this pledge, once obtained (public: it travels in EAD_3).</summary>
    [Id(10)] public byte[]? SignedVoucher { get; set; }
    [Id(11)] public int MasaAttempts { get; set; }
    [Id(12)] public DateTimeOffset NextMasaAttempt { get; set; }
    /// <summary>The admission slot this session holds until it fails, times out, or hands it to the pledge grain.</summary>
    [Id(13)] public Pacing.PacingLease? Lease { get; set; }
    /// <summary>The enrollment's trace (W3C traceparent): every step's span joins it.</summary>
    [Id(14)] public string? TraceParent { get; set; }
}
