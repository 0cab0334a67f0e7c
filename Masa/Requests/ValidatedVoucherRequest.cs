namespace Eals.Masa.Requests;

/// <summary>
/// A voucher request whose registrar signature verified, whose registrar certificate chains to the domain CA it
/// names, and whose pledge belongs to this MASA's manufacturer. Ownership and replay are decided next, by the store.
/// <see cref="PledgeRequestDigest"/>: SHA-256 of the pledge's own signed voucher request the registrar passed on
/// (prior-signed-voucher-request), when it did; a repeat must carry the very same one.
/// </summary>
public sealed record ValidatedVoucherRequest(
    string SerialNumber,
    byte[] Nonce,
    string RegistrarSubject,
    byte[] DomainCaCertificate,
    string DomainFingerprint,
    byte[] RequestDigest,
    byte[]? PledgeRequestDigest = null);
