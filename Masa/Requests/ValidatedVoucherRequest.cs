namespace Eals.Masa.Requests;

/// <summary>
/// A voucher request whose registrar signature verified, whose registrar certificate chains to the domain CA it
/// names, and whose pledge belongs to this MASA's manufacturer. Ownership and replay are decided next, by the store.
/// </summary>
public sealed record ValidatedVoucherRequest(
    string SerialNumber,
    byte[] Nonce,
    string RegistrarSubject,
    byte[] DomainCaCertificate,
    string DomainFingerprint,
    byte[] RequestDigest);
