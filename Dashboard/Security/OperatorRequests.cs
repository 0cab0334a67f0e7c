using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Security;

/// <summary>How the host tells a browser's page request from an API call, and which return URLs are safe.</summary>
public static class OperatorRequests
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";
    public const string SessionPath = "/auth/session";
    public const string ApiPrefix = "/api";

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(ApiPrefix);

    public static bool IsUnsafe(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    /// <summary>The UI's own pages: <c>/</c>, anything under <c>/ui</c>, any <c>.html</c> file.</summary>
    public static bool IsUiPage(HttpRequest request) =>
        request.Path == "/" || request.Path.StartsWithSegments("/ui") || (request.Path.Value ?? "").EndsWith(".html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether an unauthenticated request should be sent to the login page rather than answered 401:
    /// a browser (GET, HTML wanted) asking for anything but the JSON API.
    /// </summary>
    public static bool WantsLoginPage(HttpRequest request) =>
        !IsApi(request) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (IsUiPage(request) || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path on this host, otherwise <c>/</c>: never another
    /// site (<c>//evil</c>, <c>/\evil</c>, <c>https://evil</c>), so the login cannot be used to redirect away.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.StartsWith(LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return "/";
        }
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }
        return returnUrl.Any(c => char.IsControl(c) || c == '\\') ? "/" : returnUrl;
    }
}
