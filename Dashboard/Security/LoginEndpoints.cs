using Eals.Grains;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Security;

/// <summary>
/// Browser sessions with a local account:
/// <code>
/// GET  /login           the login form (?returnUrl=/local/path)
/// POST /login           form post (antiforgery token in the form): session cookie, redirect to returnUrl (local only) or /
/// POST /logout          ends the session (CSRF token as for the API), redirect to /login
/// GET  /auth/session    {"name": ..., "roles": [...], "csrfToken": ...} for the UI's scripts
/// </code>
/// Every login (succeeded, failed, locked out) and logout is audited, never with the password.
/// </summary>
public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapOperatorLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OperatorRequests.LoginPath, (HttpContext http, [FromServices] IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, OperatorRequests.LocalReturnUrl(returnUrl), null, StatusCodes.Status200OK));
        endpoints.MapPost(OperatorRequests.LoginPath, LoginAsync);
        endpoints.MapPost(OperatorRequests.LogoutPath, LogoutAsync);
        endpoints.MapGet(OperatorRequests.SessionPath, (HttpContext http, [FromServices] IAntiforgery antiforgery) => Results.Ok(new
        {
            name = http.User.Identity!.Name,
            roles = OperatorPrincipal.Roles(http.User),
            csrfToken = antiforgery.GetAndStoreTokens(http).RequestToken,
        })).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] IGrainFactory grains,
        [FromServices] OperatorAuditLog audit, [FromServices] TimeProvider time, [FromServices] IProblemDetailsService problems)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "A login is a form post",
                detail: "Send application/x-www-form-urlencoded fields username, password and the antiforgery token from GET /login.");
        }
        var form = await http.Request.ReadFormAsync();
        string username = form["username"].ToString().Trim();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            await audit.RecordAsync(http, StatusCodes.Status400BadRequest, "login refused: missing or invalid CSRF token", username);
            await CsrfMiddleware.WriteRefusalAsync(http, problems);
            return Results.Empty;
        }
        string returnUrl = OperatorRequests.LocalReturnUrl(form["returnUrl"]);
        var result = await grains.Reference<IOperatorAccountsGrain>(0).LoginAsync(username, form["password"].ToString());
        switch (result.Outcome)
        {
            case LoginOutcome.Succeeded:
                var account = result.Account!;
                var principal = OperatorPrincipal.Create(account.Username, account.Roles, OperatorSchemes.Cookie,
                    new System.Security.Claims.Claim(OperatorPrincipal.StampClaim, account.Stamp.ToString()));
                await http.SignInAsync(OperatorSchemes.Cookie, principal);
                await audit.RecordAsync(http, StatusCodes.Status302Found, "login succeeded", account.Username);
                return Results.LocalRedirect(returnUrl);
            case LoginOutcome.LockedOut:
                var wait = result.LockedUntil!.Value - time.GetUtcNow();
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await audit.RecordAsync(http, StatusCodes.Status429TooManyRequests, $"login refused: locked out until {result.LockedUntil:u}", username);
                return Page(http, antiforgery, returnUrl, $"Too many failed logins: try again after {result.LockedUntil:HH:mm:ss} UTC.", StatusCodes.Status429TooManyRequests);
            default:
                await audit.RecordAsync(http, StatusCodes.Status401Unauthorized, "login failed", username);
                return Page(http, antiforgery, returnUrl, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, [FromServices] OperatorAuditLog audit)
    {
        if (OperatorPrincipal.Scheme(http.User) == OperatorSchemes.Cookie)
        {
            await http.SignOutAsync(OperatorSchemes.Cookie);
            await audit.RecordAsync(http, StatusCodes.Status302Found, "logout");
        }
        return Results.LocalRedirect(OperatorRequests.LoginPath);
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(LoginPage.Render(tokens.FormFieldName, tokens.RequestToken!, returnUrl, error), "text/html; charset=utf-8", statusCode: status);
    }
}
