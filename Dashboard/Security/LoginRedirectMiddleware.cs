using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Security;

/// <summary>
/// An anonymous browser asking for a UI page (<c>/</c>, <c>/ui/...</c>, <c>*.html</c>) goes to the login
/// page first, whether the page is an endpoint or a static file; the JSON API answers 401 instead
/// (through the authentication challenge), never a redirect.
/// </summary>
public sealed class LoginRedirectMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true && OperatorRequests.IsUiPage(http.Request) && OperatorRequests.WantsLoginPage(http.Request))
        {
            string target = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
            http.Response.Redirect($"{OperatorRequests.LoginPath}?returnUrl={Uri.EscapeDataString(target)}");
            return Task.CompletedTask;
        }
        return next(http);
    }
}
