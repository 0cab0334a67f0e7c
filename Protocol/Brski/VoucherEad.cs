using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Brski;

/// <summary>
/// How the voucher exchange rides in EDHOC (the draft's EXT_2/EXT_3; reverse flow): the pledge's
/// voucher request (serial, nonce, IDevID issuer; CBOR, <see cref="Vouchers.VoucherCbor"/>), signed with its
/// IDevID key as COSE_Sign1 (the prior-signed voucher request of RFC 8995 section 5.2), in EAD_2,
/// the MASA-signed voucher (COSE_Sign1) in EAD_3. Both labels are from the private-use range and
/// critical: a peer that does not do vouchers must abort rather than go on without one.
/// </summary>
public static class VoucherEad
{
    public const int VoucherRequestLabel = -65537;
    public const int VoucherLabel = -65538;

    public static IReadOnlySet<int> RegistrarUnderstands { get; } = new HashSet<int> { VoucherRequestLabel };

    public static IReadOnlySet<int> PledgeUnderstands { get; } = new HashSet<int> { VoucherLabel };

    /// <summary>The value of the first item with <paramref name="label"/>, or null.</summary>
    public static byte[]? Find(IReadOnlyList<EadItem> items, int label) => items.FirstOrDefault(i => i.Label == label)?.Value;
}
