namespace Eals.Masa.Storage;

/// <summary>
/// A pledge's nonce the MASA already issued a voucher for: to which registrar, for which domain, and that voucher.
/// Rows kept by a release before these were stored have nulls (their nonce is refused, never answered again).
/// </summary>
public sealed record AnsweredNonce(string? RegistrarSubject, string? DomainFingerprint, byte[]? Voucher)
{
    /// <summary>Whether a request from <paramref name="registrarSubject"/> for <paramref name="domainFingerprint"/> is the one answered, so it may have its voucher again.</summary>
    public bool IsRepeatBy(string registrarSubject, string domainFingerprint) =>
        Voucher is not null
        && string.Equals(RegistrarSubject, registrarSubject, StringComparison.Ordinal)
        && string.Equals(DomainFingerprint, domainFingerprint, StringComparison.Ordinal);
}
