using Eals.Grains.Approvals;
using Eals.Grains.Pledges;

namespace Eals.Grains.Registrar;

/// <summary>
/// The registrar's admission policy for an authenticated pledge: the seam where ownership vouchers and
/// operator approval plug in (issue 5). Today: the local allow-list.
/// </summary>
public interface IPledgeAuthorizer
{
    /// <summary>The decision, recorded in the pledge's approval grain; <paramref name="notePledge"/> false when the pledge grain asks (it notes the step itself).</summary>
    Task<AuthorizationDecision> AuthorizeAsync(PledgeIdentity identity, VoucherSummary? voucher, bool notePledge = true);

    /// <summary>The reason a policy (allow-list entry, enrollment group) approves the pledge without an operator, or null.</summary>
    string? AutomaticApproval(PledgeIdentity identity);
}
