namespace Eals.Protocol.Vouchers;

/// <summary>
/// The voucher artifact (RFC 8366 section 5.3, module ietf-voucher; constrained form in
/// draft-ietf-anima-constrained-voucher, module ietf-voucher-constrained, which adds
/// <c>pinned-domain-pubk</c> as an alternative to <c>pinned-domain-cert</c>).
/// Byte arrays are compared by reference by the record's generated equality; compare contents yourself.
/// </summary>
/// <param name="Assertion">leaf assertion (mandatory).</param>
/// <param name="SerialNumber">leaf serial-number (mandatory): the pledge's serial number.</param>
/// <param name="CreatedOn">leaf created-on (mandatory).</param>
/// <param name="IdevidIssuer">leaf idevid-issuer: the authority key identifier of the IDevID's issuer.</param>
/// <param name="PinnedDomainCert">leaf pinned-domain-cert: DER certificate of the domain trust anchor.</param>
/// <param name="PinnedDomainPublicKey">leaf pinned-domain-pubk: SubjectPublicKeyInfo DER (alternative to the cert).</param>
/// <param name="Nonce">leaf nonce.</param>
/// <param name="ExpiresOn">leaf expires-on.</param>
/// <param name="LastRenewalDate">leaf last-renewal-date.</param>
/// <param name="DomainCertRevocationChecks">leaf domain-cert-revocation-checks.</param>
public sealed record Voucher(
    VoucherAssertion Assertion,
    string SerialNumber,
    DateTimeOffset CreatedOn,
    byte[]? IdevidIssuer = null,
    byte[]? PinnedDomainCert = null,
    byte[]? PinnedDomainPublicKey = null,
    byte[]? Nonce = null,
    DateTimeOffset? ExpiresOn = null,
    DateTimeOffset? LastRenewalDate = null,
    bool? DomainCertRevocationChecks = null);
