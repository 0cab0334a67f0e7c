namespace Eals.Grains.Pledges;

/// <summary>
/// Who a pledge is, as EDHOC authenticated it: the serialNumber and subject of the certificate it
/// authenticated with, that certificate's issuer and serial, and whether it was the IDevID or a domain
/// certificate. Everything a certificate issued to it is bound to (draft section 2.1).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-identity")]
public sealed record PledgeIdentity(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Issuer,
    [property: Id(3)] PledgeCredentialKind Kind,
    [property: Id(4)] string CertificateSerial);
