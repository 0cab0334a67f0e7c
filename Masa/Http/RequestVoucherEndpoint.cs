using Eals.Masa.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Eals.Masa.Http;

/// <summary>
/// <c>POST /.well-known/brski/requestvoucher</c> (RFC 8995 section 5.5) in the constrained form: body and answer are
/// <c>application/voucher-cose+cbor</c>. Status mapping (RFC 8995 section 5.6): 200 voucher; 400 malformed;
/// 403 bad signature, registrar not chaining to its domain CA, ownership refused; 404 not this manufacturer's
/// pledge; 406 an Accept that excludes vouchers; 409 replay; 413 too large; 415 other content type.
/// </summary>
internal static class RequestVoucherEndpoint
{
    public const string Path = "/.well-known/brski/requestvoucher";

    /// <summary>A registrar voucher request with two certificates and a pledge request is a few KiB; this is ample.</summary>
    public const int MaxBodyBytes = VoucherIssuer.MaxRequestBytes;

    public static async Task<IResult> HandleAsync(HttpContext context, VoucherIssuer issuer, TimeProvider time)
    {
        try
        {
            RequireMediaTypes(context.Request);
            var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            // The same call as a registrar hosted in this process makes (Silo's in-process MASA client).
            var voucher = await issuer.IssueAsync(body, context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(voucher, MasaMediaTypes.VoucherCoseCbor);
        }
        catch (MasaRefusal refusal)
        {
            if (refusal.Status is StatusCodes.Status406NotAcceptable or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
            {
                await issuer.RefusedAsync(refusal, new RequestFacts(), time.GetUtcNow()).ConfigureAwait(false);
            }

            return Problems.From(refusal);
        }
    }

    private static void RequireMediaTypes(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(MasaMediaTypes.VoucherCoseCbor, StringComparison.OrdinalIgnoreCase))
        {
            throw new MasaRefusal(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the voucher request as {MasaMediaTypes.VoucherCoseCbor} (a COSE_Sign1 signed by the registrar).");
        }

        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count > 0 && !accept.Any(a => a.Quality != 0 && (a.MatchesAllTypes || a.MediaType.Equals(MasaMediaTypes.VoucherCoseCbor, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))))
        {
            throw new MasaRefusal(StatusCodes.Status406NotAcceptable, "Not acceptable", $"This MASA answers with {MasaMediaTypes.VoucherCoseCbor} only.");
        }
    }

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw VoucherIssuer.TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw VoucherIssuer.TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
