using Eals.Grains.Pacing;
using Eals.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Eals.Silo;

/// <summary>
/// OpenTelemetry for the host: enrollment traces (source "Eals.Enrollment", HTTP in and out, Orleans
/// calls), metrics (enrollments, pacing, storage writes and commits, Orleans) scraped at <c>/metrics</c> in Prometheus format, and,
/// when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces, metrics and logs (with their
/// trace ids) exported over OTLP as the other <c>OTEL_*</c> variables say.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        bool otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "eals"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(EnrollmentTelemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EnrollmentTelemetry.Name, PacingMetrics.MeterName, Gateway.Hosting.GatewayMetrics.MeterName, Storage.StorageMetrics.MeterName, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            services.AddLogging(logging => logging.AddOpenTelemetry(options =>
            {
                options.IncludeFormattedMessage = true;
                options.AddOtlpExporter();
            }));
        }
        return services;
    }
}
