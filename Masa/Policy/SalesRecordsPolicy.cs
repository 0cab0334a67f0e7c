using Eals.Masa.Options;
using Eals.Masa.Storage;

namespace Eals.Masa.Policy;

/// <summary>
/// Only the domain the sales records name may claim a pledge. The records, not the ownership log, decide: a
/// record changed for a resale moves ownership to the new domain. An exact serial beats a prefix; a longer prefix
/// beats a shorter one.
/// </summary>
public sealed class SalesRecordsPolicy : IClaimPolicy
{
    private readonly SalesRecordRule[] _rules;

    public SalesRecordsPolicy(MasaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules =
        [
            .. options.SalesRecords
                .Select(record => (Pattern: SalesRecordRule.ParsePattern(record.Key), Fingerprint: Fingerprints.TryNormalize(record.Value)))
                .Where(record => record.Pattern is not null && record.Fingerprint is not null)
                .Select(record => new SalesRecordRule(record.Pattern!.Value.Text, record.Pattern.Value.IsPrefix, record.Fingerprint!))
                .OrderBy(rule => rule.IsPrefix)
                .ThenByDescending(rule => rule.Pattern.Length),
        ];
    }

    public ClaimDecision Decide(string serialNumber, string domainFingerprint, OwnershipRecord? currentOwner)
    {
        var rule = _rules.FirstOrDefault(r => r.Matches(serialNumber));
        if (rule is null)
        {
            return ClaimDecision.Refuse("no sales record for the pledge");
        }

        return rule.DomainFingerprint == domainFingerprint
            ? ClaimDecision.Allow(rule.IsPrefix ? $"sales record {rule.Pattern}*" : "sales record")
            : ClaimDecision.Refuse("the sales record names another domain");
    }
}
