using Eals.Grains.Approvals;
using Eals.Grains.Certificates;
using Eals.Grains.Enrollment;
using Eals.Grains.Fleet;
using Eals.Grains.Oscore;
using Eals.Grains.Pacing;
using Eals.Grains.Registrar;
using Eals.Grains.Security;
using Eals.Grains.Telemetry;
using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Pledges;

/// <summary>
/// One pledge, the owner of its enrollment once its identity is authenticated: the state machine Unknown ->
/// EdhocInProgress -> Enrolled -> ReEnrolled (or Failed with a reason, from which a new attempt starts over),
/// the approval decision, the pacing slot, the OSCORE context EDHOC made for it, its certificate and a bounded
/// timeline. One exchange is one write: an EDHOC authentication, or an OSCORE request with everything serving
/// it changed (certificate, timeline, window), is written once before it is answered. The pledge directory
/// hears of changes in batches (<see cref="PledgeDirectoryUpdates"/>).
/// Placed on the silo of whoever activates it first, which in an enrollment is its EDHOC session: the session's
/// calls to it (message_2, message_3) then stay in that silo instead of crossing to another one (two of three in a
/// three-silo cluster).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed partial class PledgeGrain(
    [PersistentState(PledgeGrainState.StateName)] IPersistentState<PledgeGrainState> state,
    PledgeDirectoryUpdates directory,
    LeaseReleases releases,
    IPledgeAuthorizer authorizer,
    IEnrollmentService enrollment,
    IStateSealer sealer,
    TimeProvider time,
    ILogger<PledgeGrain> logger,
    IOscoreEncryptionObserver? encryptionObserver = null) : Grain, IPledgeGrain
{
    /// <summary>Oldest entries are dropped beyond this, so a pledge that retries forever stays small.</summary>
    public const int MaxTimelineEntries = 200;

    private OscoreContextHost? _oscore;

    // The certificate issued while serving the current request, for the directory once the exchange is written.
    private IssuedCertificateEntry? _issuedNow;

    private string Serial => this.GetPrimaryKeyString();

    private OscoreContextHost Oscore => _oscore ??= new OscoreContextHost(sealer, $"pledge-oscore/{Serial}",
        () => state.State.SealedOscoreContext, sealedContext => state.State.SealedOscoreContext = sealedContext, state.WriteStateAsync, encryptionObserver);

    // A change the directory may not have taken in (the silo stopped before its batch went out) is told again.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.ListedStatus != state.State.Status)
        {
            List(null);
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _oscore?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<AuthorizationDecision> AuthenticateAsync(EdhocAuthentication authentication)
    {
        var identity = authentication.Identity;
        var decision = await DecideAsync(authentication);
        if (!decision.Allowed)
        {
            return decision;
        }
        var context = authentication.Context;
        Oscore.Establish(new OscoreContextParameters(context.MasterSecret, context.SenderId, context.RecipientId, context.MasterSalt, context.IdContext));
        state.State.OscoreKid = authentication.ConnectionId;
        state.State.OscoreRequestsServed = 0;
        var notes = authentication.Notes.ToList();
        if (decision.DecidedBy == AuthorizationDecision.Policy)
        {
            var now = time.GetUtcNow();
            notes.Add(new TimelineEntry(now, "approval", "approved", $"by policy: {decision.Reason}"));
            state.State.PolicyApproval = new ApprovalRecord(Serial, ApprovalStatus.Approved, state.State.PolicyApproval?.RequestedAt ?? now, identity, now,
                AuthorizationDecision.Policy, decision.Reason, authentication.Voucher ?? state.State.PolicyApproval?.Voucher);
        }
        ApplyAuthenticated(identity, authentication.ConnectionId, authentication.Lease, authentication.TraceParent, authentication.StartedAt, notes);
        await WriteOrForgetContextAsync();
        List(null);
        return decision;
    }

    // The pledge's own operator decision, a policy (allow-list, group), or its approval grain (pending, pre-decided).
    private async Task<AuthorizationDecision> DecideAsync(EdhocAuthentication authentication)
    {
        if (authentication.Decided is { } decided)
        {
            return decided;
        }
        var identity = authentication.Identity;
        if (authorizer.AutomaticApproval(identity) is { } reason && OperatorDecision() != ApprovalStatus.Rejected)
        {
            return AuthorizationDecision.Allow(reason, AuthorizationDecision.Policy);
        }
        var decision = await authorizer.AuthorizeAsync(identity, authentication.Voucher, notePledge: false);
        if (decision.Outcome == AuthorizationOutcome.Pending && state.State.Timeline.LastOrDefault() is not { Step: "approval", Outcome: "pending" })
        {
            // Waiting for an operator: the timeline shows the voucher and the wait meanwhile.
            foreach (var note in authentication.Notes)
            {
                Append(note.Step, note.Outcome, note.Detail);
            }
            Append("approval", "pending", "waiting for an operator");
            await state.WriteStateAsync();
            List(null);
        }
        return decision;
    }

    // Recorded since this release; before it, the timeline's last operator decision says it.
    private ApprovalStatus? OperatorDecision() => state.State.OperatorDecision
        ?? state.State.Timeline.LastOrDefault(e => e.Step == "approval" && e.Outcome is "approved" or "rejected" && e.Detail?.StartsWith("by policy", StringComparison.Ordinal) == false) switch
        {
            { Outcome: "rejected" } => ApprovalStatus.Rejected,
            { Outcome: "approved" } => ApprovalStatus.Approved,
            _ => null,
        };

    public async Task<ProtectedAnswer> HandleProtectedAsync(byte[] protectedRequest, string kid, string site, string pledge)
    {
        if (state.State.OscoreKid != kid || state.State.SealedOscoreContext.Length == 0 || state.State.Identity is not { } identity)
        {
            return new ProtectedAnswer([]);
        }
        var parsed = CoapMessageParser.Parse(protectedRequest);
        if (!parsed.IsSuccess)
        {
            return Answer(InnerResponses.Error(CoapCode.BadRequest, $"malformed CoAP message: {parsed.Error}"));
        }
        var request = parsed.Message;
        if (Oscore.TryRepeat(request, out byte[] fingerprint, out byte[] repeated))
        {
            return new ProtectedAnswer(repeated, Serial);
        }
        var verified = Oscore.Verify(request);
        if (!verified.IsSuccess)
        {
            LogRejected(logger, kid, verified.Error.Kind);
            EnrollmentTelemetry.OscoreRejected.Add(1, new KeyValuePair<string, object?>("eals.oscore.error", verified.Error.Kind.ToString()));
            return Answer(verified.Error.ToResponse(request));
        }
        var inner = verified.Value.Message;
        CoapMessage response;
        try
        {
            response = await enrollment.HandleAsync(identity, inner, new OwnRecord(this));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogServiceFailed(logger, exception, kid, inner.GetPath());
            response = InnerResponses.Error(CoapCode.InternalServerError, "enrollment failed; try again");
        }
        response.Token = request.Token;
        var protectedResponse = await Oscore.ProtectAsync(response, verified.Value.Binding);
        SensitiveResponses.WipeAfterProtection(response, protectedResponse.IsSuccess ? protectedResponse.Value.Plaintext : null);
        if (!protectedResponse.IsSuccess)
        {
            return Answer(protectedResponse.Error.ToResponse(request));
        }
        state.State.OscoreRequestsServed++;
        await WriteOrForgetContextAsync();
        List(_issuedNow);
        _issuedNow = null;
        byte[] answer = CoapMessageSerializer.Serialize(protectedResponse.Value.Message);
        Oscore.Remember(fingerprint, answer);
        return new ProtectedAnswer(answer, Serial);
    }

    public async Task<bool> RevokeUnusedContextAsync(string kid)
    {
        if (state.State.OscoreKid != kid)
        {
            return true;
        }
        if (state.State.OscoreRequestsServed > 0)
        {
            return false;
        }
        Oscore.Forget();
        state.State.OscoreKid = null;
        state.State.SealedOscoreContext = [];
        await state.WriteStateAsync();
        return true;
    }

    public async Task AuthenticatedAsync(PledgeIdentity identity, string connectionId, PacingLease? lease, string? traceParent = null, DateTimeOffset? startedAt = null, TimelineEntry[]? notes = null)
    {
        ApplyAuthenticated(identity, connectionId, lease, traceParent, startedAt, notes ?? []);
        await state.WriteStateAsync();
        List(null);
    }

    public async Task FailedAsync(string step, string reason)
    {
        ApplyFailed(step, reason);
        await state.WriteStateAsync();
        List(null);
    }

    public async Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment)
    {
        var entry = ApplyIssued(certificate, reEnrollment);
        await state.WriteStateAsync();
        List(entry);
    }

    public async Task NoteAsync(string step, string outcome, string detail)
    {
        ApplyNote(step, outcome, detail);
        await state.WriteStateAsync();
        // A pledge first seen through a note (waiting for an operator) is listed too.
        List(null);
    }

    public Task<PledgeView> GetAsync() => Task.FromResult(View());

    public Task<CertificateRecord?> GetCertificateAsync(string serialHex) =>
        Task.FromResult(state.State.IssuedCertificates.Find(r => string.Equals(r.SerialHex, serialHex, StringComparison.OrdinalIgnoreCase)));

    public Task<ApprovalRecord?> GetPolicyApprovalAsync() => Task.FromResult(state.State.PolicyApproval);

    private PledgeView View() => new(
        Serial,
        state.State.Status,
        state.State.Identity,
        state.State.Certificate,
        [.. state.State.SupersededSerials],
        [.. state.State.Timeline],
        state.State.TraceParent);

    private void ApplyAuthenticated(PledgeIdentity identity, string connectionId, PacingLease? lease, string? traceParent, DateTimeOffset? startedAt, IEnumerable<TimelineEntry> notes)
    {
        foreach (var note in notes)
        {
            Append(note.Step, note.Outcome, note.Detail);
        }
        state.State.TraceParent = traceParent ?? state.State.TraceParent;
        state.State.EnrollmentStartedAt = startedAt ?? state.State.EnrollmentStartedAt;
        if (lease is not null && state.State.Lease is { } previous && previous != lease)
        {
            ReleaseSlot("superseded");
        }
        state.State.Lease = lease ?? state.State.Lease;
        state.State.Identity = identity;
        state.State.ConnectionId = connectionId;
        if (state.State.Status is PledgeStatus.Unknown or PledgeStatus.Failed)
        {
            state.State.Status = PledgeStatus.EdhocInProgress;
        }
        Append(PledgeRoutes.Step(identity.Kind), "authenticated", PledgeRoutes.Describe(identity, connectionId));
    }

    private void ApplyFailed(string step, string reason)
    {
        // A refused attempt does not take away a certificate the pledge already holds.
        if (state.State.Certificate is null)
        {
            state.State.Status = PledgeStatus.Failed;
        }
        ReleaseSlot("failed");
        EnrollmentTelemetry.Failed.Add(1, new KeyValuePair<string, object?>(EnrollmentTelemetry.StepTag, step), Route);
        Append(step, "failed", reason);
    }

    private IssuedCertificateEntry ApplyIssued(IssuedCertificateSummary certificate, bool reEnrollment)
    {
        string? supersedes = null;
        if (state.State.Certificate is { } previous && previous.SerialHex != certificate.SerialHex)
        {
            state.State.SupersededSerials.Add(previous.SerialHex);
            supersedes = previous.SerialHex;
        }
        var records = state.State.IssuedCertificates;
        if (!records.Exists(r => r.SerialHex == certificate.SerialHex))
        {
            records.Add(new CertificateRecord(certificate.SerialHex, certificate.Subject, Serial, certificate.NotBefore, certificate.NotAfter,
                time.GetUtcNow(), reEnrollment, supersedes, certificate.Der));
            if (records.Count > PledgeGrainState.MaxCertificateRecords)
            {
                records.RemoveRange(0, records.Count - PledgeGrainState.MaxCertificateRecords);
            }
        }
        state.State.Certificate = certificate;
        state.State.Status = reEnrollment ? PledgeStatus.ReEnrolled : PledgeStatus.Enrolled;
        ReleaseSlot("enrolled");
        EnrollmentTelemetry.Completed.Add(1, Route);
        if (state.State.EnrollmentStartedAt is { } started)
        {
            EnrollmentTelemetry.EnrollmentDuration.Record((time.GetUtcNow() - started).TotalSeconds, Route);
        }
        Append(reEnrollment ? "re-enroll" : "enroll", "issued", $"certificate {certificate.SerialHex}, {certificate.Subject}, until {certificate.NotAfter:u}");
        return new IssuedCertificateEntry(certificate.SerialHex, Serial, certificate.Subject, time.GetUtcNow(), certificate.NotAfter, reEnrollment);
    }

    private void ApplyNote(string step, string outcome, string detail)
    {
        // An operator's decision arrives as the approval grain's note; it is kept apart from the timeline too.
        if (step == "approval" && outcome is "approved" or "rejected" && !detail.StartsWith("by policy", StringComparison.Ordinal))
        {
            state.State.OperatorDecision = outcome == "approved" ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        }
        Append(step, outcome, detail);
    }

    private KeyValuePair<string, object?> Route => new(EnrollmentTelemetry.RouteTag,
        state.State.Identity is { } identity ? PledgeRoutes.Step(identity.Kind) : "unknown");

    // The enrollment ended: its pacing slot goes back (before the state is written, so a crash in between
    // releases it again, which the site ignores, rather than never).
    private void ReleaseSlot(string outcome)
    {
        if (state.State.Lease is { } lease)
        {
            lease.Release(releases, outcome);
            state.State.Lease = null;
        }
    }

    // A write that fails leaves the live context ahead of the stored one: forget it, the next request loads what is stored.
    private async Task WriteOrForgetContextAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Oscore.Forget();
            throw;
        }
    }

    private ProtectedAnswer Answer(CoapMessage message) => new(CoapMessageSerializer.Serialize(message), Serial);

    // The directory is an index of what is written above, told in batches (PledgeDirectoryUpdates) after the write.
    // ListedStatus is written with the pledge's next change: a pledge activated with a status the directory may not
    // have taken in is listed again then.
    private void List(IssuedCertificateEntry? issued)
    {
        if (issued is null && state.State.ListedStatus == state.State.Status)
        {
            return;
        }
        directory.Enqueue(new PledgeDirectoryEntry(Serial, state.State.Status, time.GetUtcNow()), issued);
        state.State.ListedStatus = state.State.Status;
    }

    private void Append(string step, string outcome, string? detail)
    {
        var timeline = state.State.Timeline;
        timeline.Add(new TimelineEntry(time.GetUtcNow(), step, outcome, detail));
        if (timeline.Count > MaxTimelineEntries)
        {
            timeline.RemoveRange(0, timeline.Count - MaxTimelineEntries);
        }
    }

    /// <summary>The pledge's record as the enrollment service sees it while this grain serves a request: changed in memory, written with the exchange.</summary>
    private sealed class OwnRecord(PledgeGrain pledge) : IPledgeRecord
    {
        public Task<PledgeView> GetAsync() => Task.FromResult(pledge.View());

        public Task FailedAsync(string step, string reason)
        {
            pledge.ApplyFailed(step, reason);
            return Task.CompletedTask;
        }

        public Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment)
        {
            pledge._issuedNow = pledge.ApplyIssued(certificate, reEnrollment);
            return Task.CompletedTask;
        }

        public Task NoteAsync(string step, string outcome, string detail)
        {
            pledge.ApplyNote(step, outcome, detail);
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OSCORE context {Kid} of a pledge rejected a request: {Kind}")]
    private static partial void LogRejected(ILogger logger, string kid, OscoreErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "OSCORE context {Kid} of a pledge: serving /{Path} failed")]
    private static partial void LogServiceFailed(ILogger logger, Exception exception, string kid, string path);
}
