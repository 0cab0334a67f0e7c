using Eals.Masa.Admin;
using Eals.Masa.Http;
using Eals.Masa.Requests;
using Microsoft.AspNetCore.Http;

namespace Eals.Masa.Ace;

/// <summary>
/// The authorization server's HTTP surface: <c>POST /ace/tokens</c> (manufacturer, behind the MASA admin token:
/// JSON <see cref="AccessTokenOrder"/> in, <see cref="IssuedAccessToken"/> out, 201), <c>DELETE /ace/tokens/{cti}</c>
/// (the same token: revokes, 200 with when; 404 for a token never issued) and <c>POST /ace/introspect</c>
/// (registrars: a registrar-signed COSE_Sign1 in, a COSE_Encrypt0 to the registrar out; refusals are problem details).
/// </summary>
internal static class AceEndpoints
{
    public const string TokensPath = "/ace/tokens";
    public const string TokenPath = "/ace/tokens/{tokenId}";
    public const string IntrospectPath = "/ace/introspect";
    public const string RequestMediaType = "application/cose";
    public const string ResponseMediaType = "application/cose; cose-type=\"cose-encrypt0\"";

    public static IResult IssueToken(HttpContext context, AdminToken token, AccessTokenIssuer issuer, AccessTokenOrder? order)
    {
        if (!AdminEndpoints.Authorized(context, token))
        {
            return Problems.Unauthorized();
        }
        try
        {
            var issued = issuer.Issue(order ?? new AccessTokenOrder(null, null));
            return Results.Json(issued, statusCode: StatusCodes.Status201Created);
        }
        catch (MasaRefusal refusal)
        {
            return Problems.From(refusal);
        }
    }

    public static IResult RevokeToken(HttpContext context, AdminToken token, AccessTokenIssuer issuer, string tokenId)
    {
        if (!AdminEndpoints.Authorized(context, token))
        {
            return Problems.Unauthorized();
        }
        try
        {
            return Results.Json(new RevokedAccessToken(tokenId.ToLowerInvariant(), issuer.Revoke(tokenId)));
        }
        catch (MasaRefusal refusal)
        {
            return Problems.From(refusal);
        }
    }

    public static async Task<IResult> IntrospectAsync(HttpContext context, IntrospectionService introspection)
    {
        try
        {
            if (context.Request.ContentType is not { } type || !type.StartsWith(RequestMediaType, StringComparison.OrdinalIgnoreCase))
            {
                throw new MasaRefusal(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the introspection request as {RequestMediaType} (a COSE_Sign1 signed by the registrar).");
            }
            var body = await RequestVoucherEndpoint.ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(await introspection.IntrospectAsync(body, context.RequestAborted).ConfigureAwait(false), ResponseMediaType);
        }
        catch (MasaRefusal refusal)
        {
            return Problems.From(refusal);
        }
    }
}
