using Eals.Grains;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard.Security;

/// <summary>
/// The session cookie's behaviour: the API and scripts get 401/403 (problem details, written by the
/// status code pages), browsers asking for a page are sent to the login page; and a session ends as
/// soon as its account is deleted or its password or roles change (the account's stamp differs).
/// </summary>
public sealed class CookieSessionEvents : CookieAuthenticationEvents
{
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (OperatorRequests.WantsLoginPage(context.Request))
        {
            // Only the local path and query: the login page itself restricts where it sends the browser back to.
            string target = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{OperatorRequests.LoginPath}?returnUrl={Uri.EscapeDataString(target)}");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        string? name = context.Principal?.Identity?.Name;
        string? stamp = context.Principal?.FindFirst(OperatorPrincipal.StampClaim)?.Value;
        var account = name is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>().Reference<IOperatorAccountsGrain>(0).GetAsync(name);
        if (account is null || account.Stamp.ToString() != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(OperatorSchemes.Cookie);
        }
    }
}
