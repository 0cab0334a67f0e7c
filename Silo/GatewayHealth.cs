using Eals.Dashboard;
using Eals.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Eals.Silo;

/// <summary>
/// The stand-alone gateway's small HTTP listener (<c>Gateway:HealthUrls</c>, loopback by default) for
/// probes and scrapes: <c>/healthz</c> (the process lives and its UDP sockets are bound), <c>/readyz</c>
/// (the Orleans client has connected and the cluster answers a grain call) and <c>/metrics</c>.
/// </summary>
public static class GatewayHealth
{
    public const string UrlsConfigurationKey = "Gateway:HealthUrls";

    public const string DefaultUrls = "http://127.0.0.1:8082";

    public const string LivenessPath = "/healthz";

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivenessPath, (GatewayHostedService gateway) => gateway.Transports.Count > 0
            ? Results.Text("ok")
            : ClusterReadiness.NotReady("The CoAP gateway has no UDP socket bound."));
        endpoints.MapGet(ClusterReadiness.Path, (IHostApplicationLifetime lifetime, IGrainFactory grains, CancellationToken cancellation) =>
            // The host has started only once the Orleans client connected (it retries until then).
            lifetime.ApplicationStarted.IsCancellationRequested
                ? ClusterReadiness.ProbeAsync(grains, cancellation)
                : Task.FromResult(ClusterReadiness.NotReady("The Orleans client has not connected to the cluster yet.")));
        endpoints.MapPrometheusScrapingEndpoint(Observability.MetricsPath);
        return endpoints;
    }
}
