using Eals.Masa.Storage;

namespace Eals.Masa.Policy;

/// <summary>The first domain to claim a pledge owns it for good; any other domain is refused.</summary>
public sealed class FirstClaimPolicy : IClaimPolicy
{
    public ClaimDecision Decide(string serialNumber, string domainFingerprint, OwnershipRecord? currentOwner)
    {
        if (currentOwner is null)
        {
            return ClaimDecision.Allow("first claim");
        }

        return currentOwner.DomainFingerprint == domainFingerprint
            ? ClaimDecision.Allow("claimed again by its owner")
            : ClaimDecision.Refuse("the pledge is owned by another domain");
    }
}
