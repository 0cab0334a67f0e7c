using Eals.Grains.Approvals;
using Eals.Grains.Fleet;
using Eals.Grains.Pacing;
using Eals.Grains.Pledges;

namespace Eals.Dashboard.Api;

/// <summary>
/// The fleet at a glance: pledges per state, the pacer's totals (in flight, reserved for admitted
/// pledges, waiting in the sites' queues), approvals pending, and completed enrollments per minute.
/// </summary>
public sealed record FleetOverview(
    IReadOnlyDictionary<PledgeStatus, long> Counts,
    int InFlight,
    int Reserved,
    int Waiting,
    int MaxInFlight,
    int PendingApprovals,
    IReadOnlyList<MinuteCount> CompletedPerMinute)
{
    public const int DefaultMinutes = 60;

    public static async Task<FleetOverview> ReadAsync(IGrainFactory grains, int minutes, IReadOnlyList<string>? pendingSerials = null)
    {
        var figures = grains.GetGrain<IFleetStatsGrain>(0).GetFiguresAsync(minutes);
        var pacing = grains.GetGrain<IClusterPacerGrain>(0).GetViewAsync();
        pendingSerials ??= await grains.GetGrain<IApprovalQueueGrain>(0).ListAsync();
        var (fleet, pacer) = (await figures, await pacing);
        return new FleetOverview(fleet.Counts, pacer.InFlight, pacer.Reserved, pacer.Waiting, pacer.Settings.MaxInFlight, pendingSerials.Count, fleet.CompletedPerMinute);
    }
}
