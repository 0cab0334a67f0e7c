namespace Eals.Grains.Pledges;

/// <summary>
/// Who a pledge is, as EDHOC authenticated it: the serial number and subject of its IDevID, and the
/// issuer (its manufacturer). Everything a certificate issued to it is bound to (draft section 2.1).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-identity")]
public sealed record PledgeIdentity(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Issuer);
