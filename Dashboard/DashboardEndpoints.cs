using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Eals.Dashboard.Api;
using Eals.Dashboard.Live;
using Eals.Dashboard.Ui;
using Eals.Dashboard.Security;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard;

/// <summary>The dashboard's HTTP surface: liveness and readiness, the operator JSON API with its live events, and the operator UI.</summary>
public static class DashboardEndpoints
{
    public const string UrlsConfigurationKey = "Dashboard:Urls";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Where the OpenAPI description of the JSON API is served (authenticated, like the API).</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Services the endpoints need: enums as names in the JSON API, its OpenAPI description, the live-event producer.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddOpenApi()
            .AddSingleton<LiveEventHub>()
            .AddHostedService(sp => sp.GetRequiredService<LiveEventHub>());

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet(ClusterReadiness.Path, ClusterReadiness.ProbeAsync);
        endpoints.MapOpenApi(OpenApiPath).RequireAuthorization();
        // Operator security (issue 7): login, session, accounts, audit.
        endpoints.MapOperatorSecurity();
        endpoints.MapApprovalApi();
        endpoints.MapPacingApi();
        endpoints.MapFleetApi();
        endpoints.MapPskApi();
        endpoints.MapLiveEvents();
        endpoints.MapOperatorUi();
        endpoints.MapOrleansDashboardWhenAdded();
        return endpoints;
    }
}
