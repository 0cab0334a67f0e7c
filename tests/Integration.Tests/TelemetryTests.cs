using System.Diagnostics;
using System.Security.Cryptography;
using Eals.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Eals.Integration.Tests;

/// <summary>The enrollment meter and activity source are process-wide: tests that read them run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>
/// OpenTelemetry (issue 7): one enrollment is one trace, its EDHOC and EST steps joined although they
/// arrive as separate CoAP requests; the enrollment metrics count it, by route. Read with the in-memory
/// exporter, with no other test enrolling meanwhile.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task One_enrollment_is_one_trace_of_its_steps_and_is_counted_in_the_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(EnrollmentTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(EnrollmentTelemetry.Name).AddInMemoryExporter(metrics).Build();
        string data = Path.Combine(Path.GetTempPath(), "eals-otel-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var host = await RegistrarHost.StartAsync(data))
            {
                string serial = "EALS-DEMO-OTEL-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
                var (connection, enroller) = await host.ConnectAsync(host.MintPledge(serial, vouchers: false));
                await using (connection)
                {
                    Assert.True((await enroller.EnrollAsync()).Succeeded);
                }
                tracing.ForceFlush();
                metering.ForceFlush();

                Activity[] snapshot;
                lock (spans)
                {
                    snapshot = [.. spans];
                }
                var enrollment = snapshot.Single(s => s.DisplayName == "est enroll" && Equals(s.GetTagItem(EnrollmentTelemetry.SerialTag), serial));
                var trace = snapshot.Where(s => s.TraceId == enrollment.TraceId).Select(s => s.DisplayName).ToList();
                Assert.Contains("edhoc start (Reverse)", trace);
                Assert.Contains("edhoc continue", trace);
                Assert.Contains(snapshot, s => s.TraceId == enrollment.TraceId && s.DisplayName == "edhoc continue"
                    && Equals(s.GetTagItem(EnrollmentTelemetry.SerialTag), serial) && Equals(s.GetTagItem("coap.code"), "2.04"));

                // The host's own exporters: Prometheus text at /metrics, and /readyz once the cluster answers.
                using var http = new HttpClient { BaseAddress = host.Http };
                string scraped = await http.GetStringAsync("/metrics");
                Assert.Contains("eals_enrollments_completed", scraped);
                Assert.Contains("eals_pacing_admitted", scraped);
                Assert.Contains("eals_coap_requests", scraped);
                Assert.Equal("ready", await http.GetStringAsync("/readyz"));
            }
            var names = metrics.Select(m => m.Name).ToHashSet();
            foreach (string name in new[] { "eals.enrollments.started", "eals.enrollments.completed", "eals.edhoc.duration", "eals.enrollment.duration" })
            {
                Assert.Contains(name, names);
            }
            long completed = 0;
            foreach (var metric in metrics.Where(m => m.Name == "eals.enrollments.completed"))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    completed = Math.Max(completed, point.GetSumLong());
                }
            }
            Assert.True(completed >= 1);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Each_route_is_counted_under_its_name_and_timed_from_its_own_start()
    {
        var metrics = new List<Metric>();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(EnrollmentTelemetry.Name).AddInMemoryExporter(metrics).Build();
        string data = Path.Combine(Path.GetTempPath(), "eals-otel-routes-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var host = await RegistrarHost.StartAsync(data, 0, "--Dashboard:ApiToken", "telemetry-routes-token"))
            {
                var key = Eals.Pledge.Enrollment.PskKeyFile.Mint("EALS-PSK-OTEL-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
                using (var api = new HttpClient { BaseAddress = host.Http })
                {
                    api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "telemetry-routes-token");
                    await Psk.PskRegistrar.ImportAsync(api, key);
                }
                // The key waits a while after its import: its enrollment starts with its first request, not then.
                await Task.Delay(TimeSpan.FromSeconds(3));
                var psk = await Psk.PskRegistrar.EnrollAsync(host.Registrar, key, Eals.Pledge.Enrollment.FileSequenceNumberStore.Open(Path.Combine(data, "psk.seq")));
                Assert.True(psk.Succeeded, $"{psk.FailedStep}: {psk.Reason}");
                var (connection, enroller) = await host.ConnectAsync(host.MintPledge("EALS-DEMO-OTEL-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)), vouchers: false));
                await using (connection)
                {
                    Assert.True((await enroller.EnrollAsync()).Succeeded);
                }
                metering.ForceFlush();
            }
            Assert.True(Sum(metrics, "eals.enrollments.completed", "psk") >= 1);
            Assert.True(Sum(metrics, "eals.enrollments.completed", "edhoc") >= 1);
            var (count, seconds) = Durations(metrics, "psk");
            Assert.True(count >= 1);
            Assert.True(seconds / count < 2.5, $"a PSK enrollment timed at {seconds / count:F1} s on average: counted from the import?");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string? RouteOf(in MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == EnrollmentTelemetry.RouteTag)
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    private static long Sum(List<Metric> metrics, string name, string route)
    {
        long sum = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (RouteOf(point) == route)
                {
                    sum = Math.Max(sum, point.GetSumLong());
                }
            }
        }
        return sum;
    }

    private static (long Count, double Seconds) Durations(List<Metric> metrics, string route)
    {
        (long Count, double Seconds) last = (0, 0);
        foreach (var metric in metrics.Where(m => m.Name == "eals.enrollment.duration"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (RouteOf(point) == route)
                {
                    last = (point.GetHistogramCount(), point.GetHistogramSum());
                }
            }
        }
        return last;
    }
}
