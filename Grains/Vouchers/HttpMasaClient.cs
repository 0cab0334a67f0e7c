using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Vouchers;

/// <summary>POSTs the voucher request to <c>{MASA}/.well-known/brski/requestvoucher</c> over HTTP(S).</summary>
public sealed class HttpMasaClient(HttpClient http, IOptionsMonitor<MasaClientOptions> options, Func<Uri?> inProcessMasa) : IMasaClient
{
    public const string MediaType = "application/voucher-cose+cbor";

    public Task<MasaResponse> RequestVoucherAsync(byte[] signedVoucherRequest, CancellationToken cancellationToken)
        => PostAsync(".well-known/brski/requestvoucher", MediaType, signedVoucherRequest, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> under the MASA's base address; a 2xx answer's body comes back in <see cref="MasaResponse.Voucher"/>.</summary>
    public async Task<MasaResponse> PostAsync(string path, string mediaType, byte[] body, CancellationToken cancellationToken)
    {
        var baseAddress = options.CurrentValue.Url is { Length: > 0 } url ? new Uri(url) : inProcessMasa();
        if (baseAddress is null)
        {
            return MasaResponse.Down("no MASA is configured (Registrar:Masa:Url)");
        }
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Timeout);
        try
        {
            using var response = await http.PostAsync(new Uri(baseAddress, path), content, timeout.Token).ConfigureAwait(false);
            byte[] answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return MasaResponse.Issued(answer);
            }
            string detail = $"{(int)response.StatusCode} {response.ReasonPhrase}: {System.Text.Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 300)))}";
            return MasaResponse.NotIssued((int)response.StatusCode, detail);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return MasaResponse.Down(exception.Message);
        }
    }
}
