using Eals.Grains.Approvals;
using Eals.Grains.Pledges;

namespace Eals.Grains.Registrar;

/// <summary>
/// The registrar's admission policy for an authenticated pledge: the seam where ownership vouchers and
/// operator approval plug in (issue 5). Today: the local allow-list.
/// </summary>
public interface IPledgeAuthorizer
{
    Task<AuthorizationDecision> AuthorizeAsync(PledgeIdentity identity, VoucherSummary? voucher);
}
