using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Eals.Dashboard.Api;
using Eals.Dashboard.Security;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard;

/// <summary>The dashboard's HTTP surface: liveness, and the operator JSON API (the UI arrives with issue 7).</summary>
public static class DashboardEndpoints
{
    public const string UrlsConfigurationKey = "Dashboard:Urls";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Where the OpenAPI description of the JSON API is served (authenticated, like the API).</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Services the endpoints need: enums as names in the JSON API, its OpenAPI description.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddOpenApi();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        // Ready when the cluster answers a grain call (membership joined, storage reachable).
        endpoints.MapGet("/readyz", async (IGrainFactory grains, CancellationToken cancellation) =>
        {
            try
            {
                await grains.GetGrain<Grains.Pacing.IClusterPacerGrain>(0).GetSettingsAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellation);
                return Results.Text("ready");
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: $"The cluster does not answer yet ({exception.GetType().Name}).");
            }
        });
        endpoints.MapOpenApi(OpenApiPath).RequireAuthorization();
        // Operator security (issue 7): login, session, accounts, audit.
        endpoints.MapOperatorSecurity();
        endpoints.MapApprovalApi();
        endpoints.MapPacingApi();
        return endpoints;
    }
}
