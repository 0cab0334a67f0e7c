namespace Eals.Protocol.Vouchers;

/// <summary>
/// The voucher-request artifact (RFC 8995 section 3, module ietf-voucher-request; constrained form in
/// draft-ietf-anima-constrained-voucher, module ietf-voucher-request-constrained, which adds
/// <c>proximity-registrar-pubk</c>). Only the leaves a pledge or registrar request carries are modelled;
/// the other leaves of the grouping (expires-on, pinned-domain-cert, ...) are refused on decode.
/// </summary>
/// <param name="SerialNumber">leaf serial-number.</param>
/// <param name="Assertion">leaf assertion: the assertion the requester asks for.</param>
/// <param name="IdevidIssuer">leaf idevid-issuer.</param>
/// <param name="Nonce">leaf nonce.</param>
/// <param name="CreatedOn">leaf created-on.</param>
/// <param name="ProximityRegistrarCert">leaf proximity-registrar-cert: DER certificate of the registrar the pledge saw.</param>
/// <param name="PriorSignedVoucherRequest">leaf prior-signed-voucher-request: the pledge's signed request, in a registrar's request.</param>
/// <param name="ProximityRegistrarPublicKey">leaf proximity-registrar-pubk (constrained voucher): the registrar's SubjectPublicKeyInfo DER.</param>
public sealed record VoucherRequest(
    string SerialNumber,
    VoucherAssertion? Assertion = null,
    byte[]? IdevidIssuer = null,
    byte[]? Nonce = null,
    DateTimeOffset? CreatedOn = null,
    byte[]? ProximityRegistrarCert = null,
    byte[]? PriorSignedVoucherRequest = null,
    byte[]? ProximityRegistrarPublicKey = null);
