namespace Eals.Grains.Approvals;

/// <summary>The serials waiting for an operator (key 0): small, since pledges are pending only until someone decides.</summary>
[Alias("eals.approval-queue")]
public interface IApprovalQueueGrain : IGrainWithIntegerKey
{
    [Alias("add")]
    Task AddAsync(string serial);

    [Alias("remove")]
    Task RemoveAsync(string serial);

    [Alias("list")]
    Task<IReadOnlyList<string>> ListAsync();
}
