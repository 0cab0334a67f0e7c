namespace Eals.Grains.Approvals;

/// <summary>What an operator sees of a pledge's ownership voucher before deciding.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.voucher-summary")]
public sealed record VoucherSummary(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Manufacturer,
    [property: Id(2)] string Masa,
    [property: Id(3)] string NonceHex,
    [property: Id(4)] DateTimeOffset? ExpiresOn,
    [property: Id(5)] string IdevidSubject,
    [property: Id(6)] string Assertion);
