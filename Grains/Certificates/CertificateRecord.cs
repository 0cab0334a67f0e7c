namespace Eals.Grains.Certificates;

/// <summary>The registrar's record of one issued certificate, kept under its serial number for good (with its DER, for download).</summary>
[GenerateSerializer, Immutable]
[Alias("eals.certificate-record")]
public sealed record CertificateRecord(
    [property: Id(0)] string SerialHex,
    [property: Id(1)] string Subject,
    [property: Id(2)] string PledgeSerial,
    [property: Id(3)] DateTimeOffset NotBefore,
    [property: Id(4)] DateTimeOffset NotAfter,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] bool ReEnrollment,
    [property: Id(7)] string? Supersedes,
    [property: Id(8)] byte[]? Der = null);
