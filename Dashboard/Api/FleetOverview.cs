using Eals.Grains;
using Eals.Grains.Approvals;
using Eals.Grains.Fleet;
using Eals.Grains.Pacing;
using Eals.Grains.Pledges;

namespace Eals.Dashboard.Api;

/// <summary>
/// The fleet at a glance: pledges per state (counted by the directory's store), the pacer's totals (in flight,
/// reserved for admitted pledges, waiting in the sites' queues), approvals pending, and completed enrollments
/// per minute (the fleet statistics).
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

    public static async Task<FleetOverview> ReadAsync(IGrainFactory grains, IPledgeDirectoryStore directory, int minutes, IReadOnlyList<string>? pendingSerials = null)
    {
        var completed = grains.Reference<IFleetStatsGrain>(0).GetCompletedPerMinuteAsync(minutes);
        var pacing = grains.Reference<IClusterPacerGrain>(0).GetViewAsync();
        var counts = directory.CountAsync();
        pendingSerials ??= await grains.Reference<IApprovalQueueGrain>(0).ListAsync();
        var pacer = await pacing;
        return new FleetOverview(await counts, pacer.InFlight, pacer.Reserved, pacer.Waiting, pacer.Settings.MaxInFlight, pendingSerials.Count, await completed);
    }
}
