namespace Eals.Grains.Pledges;

/// <summary>A pledge's record reached through its grain: each change is that grain's own write.</summary>
public sealed class PledgeGrainRecord(IPledgeGrain pledge) : IPledgeRecord
{
    public Task<PledgeView> GetAsync() => pledge.GetAsync();

    public Task FailedAsync(string step, string reason) => pledge.FailedAsync(step, reason);

    public Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment) => pledge.IssuedAsync(certificate, reEnrollment);

    public Task NoteAsync(string step, string outcome, string detail) => pledge.NoteAsync(step, outcome, detail);
}
