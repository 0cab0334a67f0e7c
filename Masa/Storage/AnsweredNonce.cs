namespace Eals.Masa.Storage;

/// <summary>
/// A pledge's nonce the MASA already issued a voucher for: to which registrar, for which domain, on which pledge
/// request (digest of the prior-signed-voucher-request, null when there was none), and that voucher. Rows kept by a
/// release before these were stored have nulls (their nonce is refused, never answered again).
/// </summary>
public sealed record AnsweredNonce(string? RegistrarSubject, string? DomainFingerprint, byte[]? Voucher, byte[]? PledgeRequestDigest = null)
{
    /// <summary>
    /// Whether a request from <paramref name="registrarSubject"/> for <paramref name="domainFingerprint"/>, passing on
    /// the pledge request with digest <paramref name="pledgeRequestDigest"/>, is the one answered, so it may have its
    /// voucher again: a registrar that lost the answer (a crash) repeats the pledge's very request.
    /// </summary>
    public bool IsRepeatBy(string registrarSubject, string domainFingerprint, byte[]? pledgeRequestDigest) =>
        Voucher is not null
        && string.Equals(RegistrarSubject, registrarSubject, StringComparison.Ordinal)
        && string.Equals(DomainFingerprint, domainFingerprint, StringComparison.Ordinal)
        && (PledgeRequestDigest ?? []).AsSpan().SequenceEqual(pledgeRequestDigest ?? []);
}
