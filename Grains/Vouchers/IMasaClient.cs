namespace Eals.Grains.Vouchers;

/// <summary>
/// The registrar's side of RFC 8995 section 5.5: sends a registrar-signed voucher request
/// (application/voucher-cose+cbor) to the MASA and returns the signed voucher, or why not.
/// </summary>
public interface IMasaClient
{
    Task<MasaResponse> RequestVoucherAsync(byte[] signedVoucherRequest, CancellationToken cancellationToken);
}
