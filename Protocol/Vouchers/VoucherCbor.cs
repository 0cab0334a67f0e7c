using R = Eals.Protocol.Vouchers.VoucherSids.Request;
using V = Eals.Protocol.Vouchers.VoucherSids.Voucher;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// The CBOR form of vouchers and voucher requests: draft-ietf-anima-constrained-voucher, YANG-CBOR
/// (RFC 9254) with SID keys (<see cref="VoucherSids"/>), delta-encoded inside the container.
/// <code>
/// voucher         = { 2451: { 1: assertion, 2: created-on, 3: domain-cert-revocation-checks, 4: expires-on,
///                             5: idevid-issuer, 6: last-renewal-date, 7: nonce, 8: pinned-domain-cert,
///                             9: pinned-domain-pubk, 11: serial-number } }
/// voucher-request = { 2501: { 1: assertion, 2: created-on, 5: idevid-issuer, 7: nonce,
///                             9: prior-signed-voucher-request, 10: proximity-registrar-cert,
///                             12: proximity-registrar-pubk, 13: serial-number } }
/// </code>
/// Dates are yang:date-and-time text, binaries byte strings, the assertion its enum integer. Decoding is
/// strict and only ever throws <see cref="VoucherException"/>.
/// </summary>
public static class VoucherCbor
{
    private static readonly HashSet<ulong> VoucherDeltas =
    [
        .. new[]
        {
            V.Assertion, V.CreatedOn, V.DomainCertRevocationChecks, V.ExpiresOn, V.IdevidIssuer,
            V.LastRenewalDate, V.Nonce, V.PinnedDomainCert, V.PinnedDomainPubk, V.SerialNumber,
        }.Select(sid => VoucherSids.Delta(V.Container, sid)),
    ];

    private static readonly HashSet<ulong> RequestDeltas =
    [
        .. new[]
        {
            R.Assertion, R.CreatedOn, R.IdevidIssuer, R.Nonce, R.PriorSignedVoucherRequest,
            R.ProximityRegistrarCert, R.ProximityRegistrarPubk, R.SerialNumber,
        }.Select(sid => VoucherSids.Delta(R.Container, sid)),
    ];

    public static byte[] Encode(Voucher voucher)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        ArgumentNullException.ThrowIfNull(voucher.SerialNumber);
        return new SidContainerWriter(V.Container)
            .Assertion(V.Assertion, voucher.Assertion)
            .DateAndTime(V.CreatedOn, voucher.CreatedOn)
            .Boolean(V.DomainCertRevocationChecks, voucher.DomainCertRevocationChecks)
            .DateAndTime(V.ExpiresOn, voucher.ExpiresOn)
            .Bytes(V.IdevidIssuer, voucher.IdevidIssuer)
            .DateAndTime(V.LastRenewalDate, voucher.LastRenewalDate)
            .Bytes(V.Nonce, voucher.Nonce)
            .Bytes(V.PinnedDomainCert, voucher.PinnedDomainCert)
            .Bytes(V.PinnedDomainPubk, voucher.PinnedDomainPublicKey)
            .Text(V.SerialNumber, voucher.SerialNumber)
            .Encode();
    }

    /// <summary>Assertion, created-on and serial-number are mandatory (RFC 8366 section 5.3).</summary>
    public static Voucher DecodeVoucher(ReadOnlySpan<byte> cbor)
    {
        var map = SidContainerReader.Open(cbor, V.Container, VoucherDeltas, "voucher");
        ulong D(ulong sid) => VoucherSids.Delta(V.Container, sid);
        return new Voucher(
            map.Required(map.Assertion(D(V.Assertion), "assertion"), "assertion"),
            map.Required(map.Text(D(V.SerialNumber), "serial-number"), "serial-number"),
            map.Required(map.DateAndTime(D(V.CreatedOn), "created-on"), "created-on"),
            IdevidIssuer: map.Bytes(D(V.IdevidIssuer), "idevid-issuer"),
            PinnedDomainCert: map.Bytes(D(V.PinnedDomainCert), "pinned-domain-cert"),
            PinnedDomainPublicKey: map.Bytes(D(V.PinnedDomainPubk), "pinned-domain-pubk"),
            Nonce: map.Bytes(D(V.Nonce), "nonce"),
            ExpiresOn: map.DateAndTime(D(V.ExpiresOn), "expires-on"),
            LastRenewalDate: map.DateAndTime(D(V.LastRenewalDate), "last-renewal-date"),
            DomainCertRevocationChecks: map.Boolean(D(V.DomainCertRevocationChecks), "domain-cert-revocation-checks"));
    }

    public static byte[] Encode(VoucherRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.SerialNumber);
        return new SidContainerWriter(R.Container)
            .Assertion(R.Assertion, request.Assertion)
            .DateAndTime(R.CreatedOn, request.CreatedOn)
            .Bytes(R.IdevidIssuer, request.IdevidIssuer)
            .Bytes(R.Nonce, request.Nonce)
            .Bytes(R.PriorSignedVoucherRequest, request.PriorSignedVoucherRequest)
            .Bytes(R.ProximityRegistrarCert, request.ProximityRegistrarCert)
            .Bytes(R.ProximityRegistrarPubk, request.ProximityRegistrarPublicKey)
            .Text(R.SerialNumber, request.SerialNumber)
            .Encode();
    }

    /// <summary>serial-number is mandatory (RFC 8995 section 3.3: the MASA needs it to find the pledge).</summary>
    public static VoucherRequest DecodeVoucherRequest(ReadOnlySpan<byte> cbor)
    {
        var map = SidContainerReader.Open(cbor, R.Container, RequestDeltas, "voucher request");
        ulong D(ulong sid) => VoucherSids.Delta(R.Container, sid);
        return new VoucherRequest(
            map.Required(map.Text(D(R.SerialNumber), "serial-number"), "serial-number"),
            Assertion: map.Assertion(D(R.Assertion), "assertion"),
            IdevidIssuer: map.Bytes(D(R.IdevidIssuer), "idevid-issuer"),
            Nonce: map.Bytes(D(R.Nonce), "nonce"),
            CreatedOn: map.DateAndTime(D(R.CreatedOn), "created-on"),
            ProximityRegistrarCert: map.Bytes(D(R.ProximityRegistrarCert), "proximity-registrar-cert"),
            PriorSignedVoucherRequest: map.Bytes(D(R.PriorSignedVoucherRequest), "prior-signed-voucher-request"),
            ProximityRegistrarPublicKey: map.Bytes(D(R.ProximityRegistrarPubk), "proximity-registrar-pubk"));
    }
}
