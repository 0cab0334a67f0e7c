namespace Eals.Grains.Approvals;

[GenerateSerializer]
public enum ApprovalStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}
