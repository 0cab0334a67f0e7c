using Eals.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace Eals.Dashboard.Ui;

/// <summary>
/// The operator UI: <c>/</c> (index.html) and its assets under <c>/ui/</c>, embedded in this assembly (so
/// they travel with it into every output folder and image), for authenticated operators only, under a
/// content security policy that allows nothing but this origin (the pages have no inline script or style).
/// </summary>
public static class UiEndpoints
{
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapOperatorUi(this IEndpointRouteBuilder endpoints)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(UiEndpoints).Assembly, "wwwroot");
        endpoints.MapGet("/", (HttpContext http) => Serve(files, "index.html", http))
            .RequireAuthorization(OperatorPolicies.View).ExcludeFromDescription();
        endpoints.MapGet("/ui/{file}", (string file, HttpContext http) => Serve(files, file, http))
            .RequireAuthorization(OperatorPolicies.View).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(IFileProvider files, string name, HttpContext http)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetValue(Path.GetExtension(name), out string? contentType))
        {
            return Results.NotFound();
        }
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(file.CreateReadStream(), contentType);
    }
}
