namespace Eals.Grains.Pledges;

/// <summary>What the pledge's record keeps of a certificate issued to it (the DER too: a repeated request gets it again).</summary>
[GenerateSerializer, Immutable]
[Alias("eals.issued-certificate-summary")]
public sealed record IssuedCertificateSummary(
    [property: Id(0)] string SerialHex,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset NotBefore,
    [property: Id(3)] DateTimeOffset NotAfter,
    [property: Id(4)] string PublicKeyHash,
    [property: Id(5)] byte[] Der);
