using Eals.Grains.Vouchers;
using Eals.Masa.Requests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Eals.Silo;

/// <summary>
/// The registrar's MASA client when the MASA is hosted in this process: a voucher request goes straight to the
/// MASA's <see cref="VoucherIssuer.IssueAsync"/>, the very call its HTTP endpoint makes (same checks, same store,
/// same audit, same refusals), without HTTP, Kestrel or the dashboard's middlewares. An answer maps to
/// <see cref="MasaResponse"/> by its status as the HTTP client maps one. Once <c>Registrar:Masa:Url</c> is set, the
/// MASA there is asked over HTTP instead.
/// </summary>
public sealed class InProcessMasaClient(VoucherIssuer issuer, HttpMasaClient remote, IOptionsMonitor<MasaClientOptions> options) : IMasaClient
{
    public async Task<MasaResponse> RequestVoucherAsync(byte[] signedVoucherRequest, CancellationToken cancellationToken)
    {
        var configured = options.CurrentValue;
        if (configured.Url is { Length: > 0 })
        {
            return await remote.RequestVoucherAsync(signedVoucherRequest, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            // The hosted MASA answers a repeated request with the voucher it issued for it.
            return MasaResponse.Issued(await issuer.IssueAsync(signedVoucherRequest, cancellationToken).WaitAsync(configured.Timeout, cancellationToken).ConfigureAwait(false), repeatable: true);
        }
        catch (MasaRefusal refusal)
        {
            return MasaResponse.NotIssued(refusal.Status, refusal.Message);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or TimeoutException)
        {
            // What the endpoint would answer with 500 (its store failing) or the HTTP client time out on.
            return MasaResponse.Down(exception.Message);
        }
    }
}
