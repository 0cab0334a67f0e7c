using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Eals.Dashboard.Api;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard;

/// <summary>The dashboard's HTTP surface: liveness, and the operator JSON API (the UI arrives with issue 7).</summary>
public static class DashboardEndpoints
{
    public const string UrlsConfigurationKey = "Dashboard:Urls";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Services the endpoints need: enums as names in the JSON API.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapApprovalApi();
        endpoints.MapPacingApi();
        return endpoints;
    }
}
