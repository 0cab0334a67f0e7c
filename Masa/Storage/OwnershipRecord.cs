namespace Eals.Masa.Storage;

/// <summary>One row of the ownership log: who owns the pledge, since when, through which registrar, and the last voucher.</summary>
public sealed record OwnershipRecord(
    string SerialNumber,
    string DomainFingerprint,
    string RegistrarSubject,
    DateTimeOffset FirstClaimedAt,
    DateTimeOffset LastVoucherAt,
    int VoucherCount);
