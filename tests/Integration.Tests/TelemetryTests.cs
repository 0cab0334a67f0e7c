using System.Diagnostics;
using System.Security.Cryptography;
using Eals.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Eals.Integration.Tests;

/// <summary>
/// OpenTelemetry (issue 7): one enrollment is one trace, its EDHOC and EST steps joined although they
/// arrive as separate CoAP requests; the enrollment metrics count it. Read with the in-memory exporter.
/// </summary>
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
}
