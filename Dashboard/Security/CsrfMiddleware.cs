using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Security;

/// <summary>
/// Cross-site request forgery: an unsafe request to /api or /logout that a session cookie authenticates
/// must carry the antiforgery token (header <see cref="HeaderName"/>, from GET /auth/session), or it is
/// refused with 400 before any endpoint runs. Requests authenticated by an Authorization header carry no
/// ambient credentials and are exempt. The login form checks its own token.
/// </summary>
public sealed class CsrfMiddleware(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext http)
    {
        bool guarded = OperatorRequests.IsUnsafe(http.Request)
            && (OperatorRequests.IsApi(http.Request) || http.Request.Path.StartsWithSegments(OperatorRequests.LogoutPath))
            && OperatorPrincipal.Scheme(http.User) == OperatorSchemes.Cookie;
        if (guarded && !await antiforgery.IsRequestValidAsync(http))
        {
            await WriteRefusalAsync(http, problems);
            return;
        }
        await next(http);
    }

    public static async Task WriteRefusalAsync(HttpContext http, IProblemDetailsService problems)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        bool written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Missing or invalid CSRF token",
                Detail = $"A request authenticated by the session cookie must send the token from GET {OperatorRequests.SessionPath} in the {HeaderName} header.",
            },
        });
        if (!written)
        {
            // The client accepts no JSON (a browser's form post): the same words as plain text.
            await http.Response.WriteAsync("Missing or invalid CSRF token: reload the page and try again.");
        }
    }
}
