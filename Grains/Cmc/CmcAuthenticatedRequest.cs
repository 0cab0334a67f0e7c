using Eals.Grains.Pledges;

namespace Eals.Grains.Cmc;

/// <summary>
/// A Full PKI Request whose signature verified and whose signer is trusted: who it enrolls (the IDevID's
/// identity, or the PKCS#10's when a registration authority signed), the PKIData it carried, its signingTime.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.cmc-authenticated-request")]
public sealed record CmcAuthenticatedRequest(
    [property: Id(0)] PledgeIdentity Identity,
    [property: Id(1)] byte[] PkiData,
    [property: Id(2)] DateTimeOffset SigningTime);
