namespace Eals.Masa.Options;

/// <summary>How the MASA decides which domain owns a pledge (RFC 8995 section 5.5.4: the MASA's own decision).</summary>
public enum ClaimPolicyKind
{
    /// <summary>The first domain to claim a serial owns it; every other domain is refused.</summary>
    FirstClaim,

    /// <summary>Only the domain named by the sales records (<c>Masa:SalesRecords</c>) may claim a serial.</summary>
    SalesRecords,
}
