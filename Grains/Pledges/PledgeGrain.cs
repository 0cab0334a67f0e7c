using Eals.Grains.Fleet;
using Eals.Grains.Pacing;
using Eals.Grains.Telemetry;
using Orleans.Runtime;

namespace Eals.Grains.Pledges;

/// <summary>
/// The per-pledge state machine: Unknown -> EdhocInProgress -> Enrolled -> ReEnrolled, or Failed with a
/// reason (from which a new attempt starts over). Every transition is written before it is acknowledged
/// and appended to a bounded timeline, then told to the pledge's directory shard (search, fleet counts,
/// certificate listing).
/// </summary>
public sealed class PledgeGrain(
    [PersistentState("pledge")] IPersistentState<PledgeGrainState> state,
    PledgeDirectoryUpdates directory,
    TimeProvider time) : Grain, IPledgeGrain
{
    /// <summary>Oldest entries are dropped beyond this, so a pledge that retries forever stays small.</summary>
    public const int MaxTimelineEntries = 200;

    // A change the directory may not have taken in (the silo stopped before its batch went out) is told again.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.ListedStatus != state.State.Status)
        {
            List(null);
        }
        return Task.CompletedTask;
    }

    public async Task AuthenticatedAsync(PledgeIdentity identity, string connectionId, PacingLease? lease, string? traceParent = null, DateTimeOffset? startedAt = null, TimelineEntry[]? notes = null)
    {
        foreach (var note in notes ?? [])
        {
            Append(note.Step, note.Outcome, note.Detail);
        }
        state.State.TraceParent = traceParent ?? state.State.TraceParent;
        state.State.EnrollmentStartedAt = startedAt ?? state.State.EnrollmentStartedAt;
        if (lease is not null && state.State.Lease is { } previous && previous != lease)
        {
            await ReleaseSlotAsync("superseded");
        }
        state.State.Lease = lease ?? state.State.Lease;
        state.State.Identity = identity;
        state.State.ConnectionId = connectionId;
        if (state.State.Status is PledgeStatus.Unknown or PledgeStatus.Failed)
        {
            state.State.Status = PledgeStatus.EdhocInProgress;
        }
        Append(PledgeRoutes.Step(identity.Kind), "authenticated", PledgeRoutes.Describe(identity, connectionId));
        await state.WriteStateAsync();
        List(null);
    }

    public async Task FailedAsync(string step, string reason)
    {
        // A refused attempt does not take away a certificate the pledge already holds.
        if (state.State.Certificate is null)
        {
            state.State.Status = PledgeStatus.Failed;
        }
        await ReleaseSlotAsync("failed");
        EnrollmentTelemetry.Failed.Add(1, new KeyValuePair<string, object?>(EnrollmentTelemetry.StepTag, step), Route);
        Append(step, "failed", reason);
        await state.WriteStateAsync();
        List(null);
    }

    public async Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment)
    {
        if (state.State.Certificate is { } previous && previous.SerialHex != certificate.SerialHex)
        {
            state.State.SupersededSerials.Add(previous.SerialHex);
        }
        state.State.Certificate = certificate;
        state.State.Status = reEnrollment ? PledgeStatus.ReEnrolled : PledgeStatus.Enrolled;
        await ReleaseSlotAsync("enrolled");
        EnrollmentTelemetry.Completed.Add(1, Route);
        if (state.State.EnrollmentStartedAt is { } started)
        {
            EnrollmentTelemetry.EnrollmentDuration.Record((time.GetUtcNow() - started).TotalSeconds, Route);
        }
        Append(reEnrollment ? "re-enroll" : "enroll", "issued", $"certificate {certificate.SerialHex}, {certificate.Subject}, until {certificate.NotAfter:u}");
        await state.WriteStateAsync();
        List(new IssuedCertificateEntry(certificate.SerialHex, this.GetPrimaryKeyString(), certificate.Subject, time.GetUtcNow(), certificate.NotAfter, reEnrollment));
    }

    public async Task NoteAsync(string step, string outcome, string detail)
    {
        Append(step, outcome, detail);
        await state.WriteStateAsync();
        // A pledge first seen through a note (waiting for an operator) is listed too.
        List(null);
    }

    private KeyValuePair<string, object?> Route => new(EnrollmentTelemetry.RouteTag,
        state.State.Identity is { } identity ? PledgeRoutes.Step(identity.Kind) : "unknown");

    public Task<PledgeView> GetAsync() => Task.FromResult(new PledgeView(
        this.GetPrimaryKeyString(),
        state.State.Status,
        state.State.Identity,
        state.State.Certificate,
        [.. state.State.SupersededSerials],
        [.. state.State.Timeline],
        state.State.TraceParent));

    // The enrollment ended: its pacing slot goes back (before the state is written, so a crash in between
    // releases it again, which the site ignores, rather than never).
    private async Task ReleaseSlotAsync(string outcome)
    {
        if (state.State.Lease is { } lease)
        {
            await lease.ReleaseAsync(GrainFactory, outcome);
            state.State.Lease = null;
        }
    }

    // The directory is an index of what is written above, told in batches (PledgeDirectoryUpdates) after the write.
    // ListedStatus is written with the pledge's next change: a pledge activated with a status the directory may not
    // have taken in is listed again then.
    private void List(IssuedCertificateEntry? issued)
    {
        if (issued is null && state.State.ListedStatus == state.State.Status)
        {
            return;
        }
        directory.Enqueue(new PledgeDirectoryEntry(this.GetPrimaryKeyString(), state.State.Status, time.GetUtcNow()), issued);
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
}
