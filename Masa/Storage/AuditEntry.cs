namespace Eals.Masa.Storage;

/// <summary>
/// One voucher request as the audit log keeps it, accepted or refused. Fields the request never got far enough to
/// reveal (a garbage body has no registrar) are null.
/// </summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string? RegistrarSubject,
    string? DomainFingerprint,
    string? SerialNumber,
    string Outcome,
    int Status,
    string Reason)
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";
}
