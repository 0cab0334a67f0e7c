namespace Eals.Grains.Pledges;

/// <summary>
/// What serving one enrollment request reads and changes of a pledge: its grain for a context owned elsewhere
/// (pre-shared keys, ACE, CMC: <see cref="PledgeGrainRecord"/>), or the pledge grain's own state while it
/// serves a request of the context it owns, written once with the exchange.
/// </summary>
public interface IPledgeRecord
{
    Task<PledgeView> GetAsync();

    Task FailedAsync(string step, string reason);

    Task IssuedAsync(IssuedCertificateSummary certificate, bool reEnrollment);

    Task NoteAsync(string step, string outcome, string detail);
}
