using Eals.Grains.Approvals;
using Eals.Grains.Oscore;
using Eals.Grains.Registrar;

namespace Eals.Grains.Pledges;

/// <summary>
/// What an EDHOC session hands its pledge's grain once the pledge is authenticated (IDevID or domain
/// certificate verified): who it is, the OSCORE context to own under <see cref="ConnectionId"/> if the
/// enrollment may go on, the pacing slot, the trace, the steps already taken (voucher) for the timeline,
/// and what the approval decision needs: the voucher's summary, or a decision already made
/// (<see cref="Decided"/>: re-enrollment with a domain certificate of ours). Holds the master secret:
/// never logged, stored only sealed.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.edhoc-authentication")]
public sealed record EdhocAuthentication(
    [property: Id(0)] PledgeIdentity Identity,
    [property: Id(1)] string ConnectionId,
    [property: Id(2)] OscoreEstablishment Context,
    [property: Id(3)] Pacing.PacingLease? Lease,
    [property: Id(4)] string? TraceParent,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] TimelineEntry[] Notes,
    [property: Id(7)] VoucherSummary? Voucher,
    [property: Id(8)] AuthorizationDecision? Decided)
{
    public override string ToString() => $"EdhocAuthentication({Identity.Serial}, kid {ConnectionId})";
}
