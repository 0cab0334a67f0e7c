using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Security;

/// <summary>
/// Browser protections on every response of the host: content only from this origin, no framing,
/// no MIME sniffing, no referrer to other sites. An endpoint that needs another policy sets its own
/// header before the response starts; it is then left alone.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("Referrer-Policy", "same-origin");
            return Task.CompletedTask;
        });
        return next(http);
    }
}
