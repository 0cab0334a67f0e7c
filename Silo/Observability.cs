using Eals.Grains.Pacing;
using Eals.Grains.Telemetry;
using Eals.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Runtime;
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

    /// <summary>
    /// When true, every grain call is a span (Orleans' activity propagation and its sources). Off by default: at
    /// about 16 calls an enrollment it cost a tenth of the silo's CPU, and the enrollment trace does not need it
    /// (each step joins the trace stored with the session).
    /// </summary>
    public const string GrainCallTracingKey = "Telemetry:GrainCallTracing";

    public static bool TracesGrainCalls(IConfiguration configuration) => configuration.GetValue(GrainCallTracingKey, defaultValue: false);

    /// <summary>Grain call counters (always, they are cheap) and, when <see cref="GrainCallTracingKey"/> is set, a span per grain call.</summary>
    public static ISiloBuilder AddGrainCallTelemetry(this ISiloBuilder silo, IConfiguration configuration, bool clustered)
    {
        silo.Services.AddSingleton(provider => new GrainCallCounter(provider.GetRequiredService<ILocalSiloDetails>(), clustered));
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(provider => provider.GetRequiredService<GrainCallCounter>());
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(provider => provider.GetRequiredService<GrainCallCounter>());
        if (TracesGrainCalls(configuration))
        {
            silo.AddActivityPropagation();
        }
        return silo;
    }

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        bool otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "eals"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(EnrollmentTelemetry.Name);
                if (TracesGrainCalls(configuration))
                {
                    tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                }
                tracing.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EnrollmentTelemetry.Name, GrainCallMetrics.MeterName, PacingMetrics.MeterName, Gateway.Hosting.GatewayMetrics.MeterName, StorageMetrics.MeterName, "Microsoft.Orleans")
                    // The runtime's own meter (.NET 9+): GC, thread pool, JIT (the benchmarks' warm-up watches the JIT settle).
                    .AddMeter("System.Runtime")
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
