using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard;

/// <summary>The dashboard's HTTP surface. Minimal until the operator UI arrives (issue 7): liveness only.</summary>
public static class DashboardEndpoints
{
    public const string UrlsConfigurationKey = "Dashboard:Urls";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        return endpoints;
    }
}
