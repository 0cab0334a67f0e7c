using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Vouchers;

/// <summary>POSTs the voucher request to <c>{MASA}/.well-known/brski/requestvoucher</c> over HTTP(S).</summary>
public sealed class HttpMasaClient(HttpClient http, IOptionsMonitor<MasaClientOptions> options, Func<Uri?> inProcessMasa) : IMasaClient
{
    public const string MediaType = "application/voucher-cose+cbor";

    public async Task<MasaResponse> RequestVoucherAsync(byte[] signedVoucherRequest, CancellationToken cancellationToken)
    {
        var baseAddress = options.CurrentValue.Url is { Length: > 0 } url ? new Uri(url) : inProcessMasa();
        if (baseAddress is null)
        {
            return MasaResponse.Down("no MASA is configured (Registrar:Masa:Url)");
        }
        using var content = new ByteArrayContent(signedVoucherRequest);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Timeout);
        try
        {
            using var response = await http.PostAsync(new Uri(baseAddress, ".well-known/brski/requestvoucher"), content, timeout.Token).ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return MasaResponse.Issued(body);
            }
            string detail = $"{(int)response.StatusCode} {response.ReasonPhrase}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}";
            // 5xx and 429 are the MASA's trouble, not a decision about this pledge.
            return response.StatusCode >= HttpStatusCode.InternalServerError || response.StatusCode == HttpStatusCode.TooManyRequests
                ? MasaResponse.Down(detail)
                : MasaResponse.Refused(detail);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return MasaResponse.Down(exception.Message);
        }
    }
}
