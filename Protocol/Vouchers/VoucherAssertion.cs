namespace Eals.Protocol.Vouchers;

/// <summary>
/// RFC 8366 section 5.3, leaf <c>assertion</c>: an enumeration whose YANG-CBOR form is the integer value
/// of the enum (RFC 9254 section 6.6), in the order the module declares it.
/// </summary>
public enum VoucherAssertion
{
    /// <summary>The MASA verified ownership (sales records).</summary>
    Verified = 0,

    /// <summary>The MASA only logged the claim.</summary>
    Logged = 1,

    /// <summary>The pledge saw the registrar in proximity (its certificate in the voucher request).</summary>
    Proximity = 2,
}
