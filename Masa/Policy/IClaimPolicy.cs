using Eals.Masa.Storage;

namespace Eals.Masa.Policy;

/// <summary>Decides whether the domain identified by <c>domainFingerprint</c> may own the pledge (RFC 8995 section 5.5.4).</summary>
public interface IClaimPolicy
{
    /// <param name="serialNumber">The pledge.</param>
    /// <param name="domainFingerprint">SHA-256 of the domain CA the registrar's chain ends in.</param>
    /// <param name="currentOwner">What the ownership log holds for the pledge, or null when it was never claimed.</param>
    ClaimDecision Decide(string serialNumber, string domainFingerprint, OwnershipRecord? currentOwner);
}
