using Eals.Grains.Approvals;
using Eals.Grains.Pledges;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Registrar;

/// <summary>
/// The registrar's approval policy: allow-list entries (exact serial, or prefix with '*') and enrollment
/// groups approve at once; any other pledge waits for an operator's decision, or is refused, as
/// <see cref="RegistrarOptions.UnknownPledges"/> says. Decisions live in the pledge's approval grain, so
/// they are persisted, audited and the same however often the pledge asks.
/// </summary>
public sealed class AllowListAuthorizer(IOptionsMonitor<RegistrarOptions> options, IGrainFactory grains) : IPledgeAuthorizer
{
    public string? AutomaticApproval(PledgeIdentity identity) => AutomaticApproval(identity, options.CurrentValue);

    public async Task<AuthorizationDecision> AuthorizeAsync(PledgeIdentity identity, VoucherSummary? voucher, bool notePledge = true)
    {
        var current = options.CurrentValue;
        string? automatic = AutomaticApproval(identity, current);
        var approval = grains.Reference<IApprovalGrain>(identity.Serial);
        if (automatic is null && current.UnknownPledges == UnknownPledgePolicy.Reject && await approval.GetAsync() is null)
        {
            return AuthorizationDecision.Deny($"serial '{identity.Serial}' is not on the allow-list nor in an enrollment group");
        }
        var record = await approval.RequestAsync(identity, automatic, voucher, notePledge);
        return record.Status switch
        {
            ApprovalStatus.Approved => AuthorizationDecision.Allow(record.Reason ?? "approved", record.DecidedBy),
            ApprovalStatus.Rejected => AuthorizationDecision.Deny(record.Reason ?? "rejected by an operator"),
            _ => AuthorizationDecision.Wait("waiting for an operator's approval"),
        };
    }

    private static string? AutomaticApproval(PledgeIdentity identity, RegistrarOptions options)
    {
        foreach (string entry in options.AllowList)
        {
            bool match = entry.EndsWith('*')
                ? identity.Serial.StartsWith(entry[..^1], StringComparison.Ordinal)
                : string.Equals(identity.Serial, entry, StringComparison.Ordinal);
            if (match)
            {
                return $"allow-list entry '{entry}'";
            }
        }
        foreach (var group in options.EnrollmentGroups)
        {
            if (group.AutoApprove && identity.Serial.StartsWith(group.SerialPrefix, StringComparison.Ordinal)
                && (string.IsNullOrEmpty(group.Manufacturer) || string.Equals(group.Manufacturer, identity.Issuer, StringComparison.Ordinal)))
            {
                return $"enrollment group '{group.Name}'";
            }
        }
        return null;
    }
}
