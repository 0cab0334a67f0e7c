namespace Eals.Grains.Fleet;

/// <summary>An issued certificate as the listing shows it (the DER stays in the certificate's own record).</summary>
[GenerateSerializer, Immutable]
[Alias("eals.issued-certificate-entry")]
public sealed record IssuedCertificateEntry(
    [property: Id(0)] string SerialHex,
    [property: Id(1)] string PledgeSerial,
    [property: Id(2)] string Subject,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset NotAfter,
    [property: Id(5)] bool ReEnrollment);
