namespace Eals.Masa.Http;

/// <summary>Media types of the voucher exchange (draft-ietf-anima-constrained-voucher; CoAP content format 836).</summary>
public static class MasaMediaTypes
{
    public const string VoucherCoseCbor = "application/voucher-cose+cbor";
}
