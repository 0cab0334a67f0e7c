using Eals.Grains.Pledges;

namespace Eals.Grains.Cmc;

/// <summary>
/// A Full PKI Request whose signature verified and whose signer is trusted: who it enrolls (the IDevID's
/// identity, or the PKCS#10's when a registration authority signed), the PKIData it carried, its signingTime,
/// and where it came from for pacing (the site and the pledge within it, as the gateway saw them).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.cmc-authenticated-request")]
public sealed record CmcAuthenticatedRequest(
    [property: Id(0)] PledgeIdentity Identity,
    [property: Id(1)] byte[] PkiData,
    [property: Id(2)] DateTimeOffset SigningTime,
    [property: Id(3)] string Site,
    [property: Id(4)] string Origin);
