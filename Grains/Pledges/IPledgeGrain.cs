namespace Eals.Grains.Pledges;

/// <summary>One pledge, keyed by its IDevID serial number: its enrollment state machine and timeline.</summary>
[Alias("eals.pledge")]
public interface IPledgeGrain : IGrainWithStringKey
{
    /// <summary>EDHOC authenticated the pledge and an OSCORE context with <paramref name="connectionId"/> (hex) exists;
    /// the enrollment's pacing slot, if any, is now the pledge's to give back when it is enrolled or fails.
    /// <paramref name="notes"/>: steps of the same exchange that go on the timeline before it (the voucher, an
    /// automatic approval), so one exchange is one write.</summary>
    [Alias("authenticated")]
    Task AuthenticatedAsync(PledgeIdentity identity, string connectionId, Pacing.PacingLease? lease, string? traceParent = null, DateTimeOffset? startedAt = null, TimelineEntry[]? notes = null);

    /// <summary>An attempt was refused (unknown pledge, bad credential, CSR mismatch...).</summary>
    [Alias("failed")]
    Task FailedAsync(string step, string reason);

    /// <summary>A certificate was issued; <paramref name="reEnrollment"/> marks the previous one superseded.</summary>
    [Alias("issued")]
    Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment);

    /// <summary>A step on the timeline that does not change the state (approval, voucher, status reports).</summary>
    [Alias("note")]
    Task NoteAsync(string step, string outcome, string detail);

    [Alias("get")]
    Task<PledgeView> GetAsync();

    /// <summary>The record of a certificate issued to this pledge (one of its last <see cref="PledgeGrainState.MaxCertificateRecords"/>), or null.</summary>
    [Alias("certificate")]
    Task<Certificates.CertificateRecord?> GetCertificateAsync(string serialHex);

    /// <summary>
    /// EDHOC authenticated the pledge: decides whether it may enroll (its own operator decision, the
    /// allow-list and groups, else its approval grain) and, if allowed, takes the OSCORE context, the slot and
    /// the timeline steps in one write. Not allowed: nothing of the context is kept.
    /// </summary>
    [Alias("authenticate-edhoc")]
    Task<Registrar.AuthorizationDecision> AuthenticateAsync(EdhocAuthentication authentication);

    /// <summary>
    /// An OSCORE-protected request for the context this pledge owns under <paramref name="kid"/> (hex): verified,
    /// served, protected, with the window and whatever the request changed written once. The answer names this
    /// pledge as owner, or none when <paramref name="kid"/> is not its context.
    /// </summary>
    [Alias("handle-protected")]
    Task<Oscore.ProtectedAnswer> HandleProtectedAsync(byte[] protectedRequest, string kid, string site, string pledge);

    /// <summary>Removes the context under <paramref name="kid"/> if it has served no request yet (the pledge refused the handshake).</summary>
    /// <summary>The approval a policy gave this pledge, if any. Interleaves: the approval grain asks while this grain may be asking it.</summary>
    [Alias("policy-approval")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<Approvals.ApprovalRecord?> GetPolicyApprovalAsync();

    [Alias("revoke-unused-context")]
    Task<bool> RevokeUnusedContextAsync(string kid);
}
