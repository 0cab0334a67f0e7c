using Eals.Grains;
using Eals.Grains.Approvals;

namespace Eals.Dashboard.Api;

/// <summary>The approvals waiting for an operator, with the voucher's details (the API's list and the live view's).</summary>
public static class PendingApprovals
{
    public static async Task<IReadOnlyList<ApprovalRecord>> ReadAsync(IGrainFactory grains, IReadOnlyList<string>? serials = null)
    {
        serials ??= await grains.Reference<IApprovalQueueGrain>(0).ListAsync();
        var records = await Task.WhenAll(serials.Select(s => grains.Reference<IApprovalGrain>(s).GetAsync()));
        return [.. records.OfType<ApprovalRecord>().Where(r => r.Status == ApprovalStatus.Pending)];
    }
}
