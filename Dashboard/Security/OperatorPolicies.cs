namespace Eals.Dashboard.Security;

/// <summary>
/// Authorization policies of the dashboard host, by what an operator may do. Roles imply the weaker
/// ones (admin ⊃ approver ⊃ viewer). The default policy (<c>RequireAuthorization()</c>) is any
/// authenticated operator, i.e. anyone holding one of the three roles.
/// </summary>
public static class OperatorPolicies
{
    /// <summary>Read: GET under /api (viewer, approver or admin).</summary>
    public const string View = "view";

    /// <summary>Decide pending approvals (approver or admin).</summary>
    public const string Approve = "approve";

    /// <summary>Change pacing, accounts, read the audit log, the Orleans dashboard (admin).</summary>
    public const string Administer = "admin";
}
