namespace Eals.Protocol.Vouchers;

/// <summary>
/// YANG Schema Item iDentifiers (RFC 9595) of the constrained voucher modules, as
/// draft-ietf-anima-constrained-voucher assigns them. Source: the SID files of the draft's repository
/// (github.com/anima-wg/constrained-voucher), <c>ietf-voucher-constrained@2021-04-15.sid</c> (entry point
/// 2450, size 50) and <c>ietf-voucher-request-constrained@2021-04-15.sid</c> (entry point 2500, size 50),
/// the same values as the draft's SID tables and its examples (examples/cose-examples/voucher.hex starts
/// <c>A1 19 0993</c>, pvr.cbordiag <c>A1 19 09C5</c>).
/// On the wire (RFC 9254 section 3.2) the container's key is its absolute SID and each leaf's key is the
/// delta from the container's SID; <c>Delta</c> below gives that wire key.
/// </summary>
public static class VoucherSids
{
    /// <summary>The wire key of <paramref name="leaf"/> inside <paramref name="container"/> (RFC 9254 section 3.2).</summary>
    public static ulong Delta(ulong container, ulong leaf) => leaf - container;

    /// <summary>Module ietf-voucher-constrained (SID 2450).</summary>
    public static class Voucher
    {
        /// <summary>/ietf-voucher-constrained:voucher.</summary>
        public const ulong Container = 2451;

        public const ulong Assertion = 2452;
        public const ulong CreatedOn = 2453;
        public const ulong DomainCertRevocationChecks = 2454;
        public const ulong ExpiresOn = 2455;
        public const ulong IdevidIssuer = 2456;
        public const ulong LastRenewalDate = 2457;
        public const ulong Nonce = 2458;
        public const ulong PinnedDomainCert = 2459;
        public const ulong PinnedDomainPubk = 2460;

        /// <summary>pinned-domain-pubk-sha256: defined by the module, not modelled here (refused as <see cref="VoucherError.UnknownKey"/>).</summary>
        public const ulong PinnedDomainPubkSha256 = 2461;

        public const ulong SerialNumber = 2462;
    }

    /// <summary>Module ietf-voucher-request-constrained (SID 2500).</summary>
    public static class Request
    {
        /// <summary>/ietf-voucher-request-constrained:voucher.</summary>
        public const ulong Container = 2501;

        public const ulong Assertion = 2502;
        public const ulong CreatedOn = 2503;
        public const ulong DomainCertRevocationChecks = 2504;
        public const ulong ExpiresOn = 2505;
        public const ulong IdevidIssuer = 2506;
        public const ulong LastRenewalDate = 2507;
        public const ulong Nonce = 2508;
        public const ulong PinnedDomainCert = 2509;
        public const ulong PriorSignedVoucherRequest = 2510;
        public const ulong ProximityRegistrarCert = 2511;
        public const ulong ProximityRegistrarPubkSha256 = 2512;
        public const ulong ProximityRegistrarPubk = 2513;
        public const ulong SerialNumber = 2514;
    }
}
