using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Eals.Grains.Telemetry;

/// <summary>
/// Traces and metrics of enrollments (source and meter "Eals.Enrollment"). An enrollment's steps arrive as
/// separate CoAP requests, through any gateway, to grains on any silo; they share one trace because the
/// EDHOC session picks the trace at its start and every later step is parented to the stored context.
/// </summary>
public static class EnrollmentTelemetry
{
    public const string Name = "Eals.Enrollment";

    public const string SerialTag = "eals.pledge.serial";
    public const string OutcomeTag = "eals.outcome";
    public const string StepTag = "eals.step";

    /// <summary>The way in (edhoc, psk, ace, cmc) on the enrollment metrics; "unknown" before a pledge is authenticated.</summary>
    public const string RouteTag = "eals.route";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Started = Meter.CreateCounter<long>("eals.enrollments.started", "{enrollment}", "EDHOC sessions started (admitted triggers and message_1)");
    public static readonly Counter<long> Completed = Meter.CreateCounter<long>("eals.enrollments.completed", "{enrollment}", "Certificates issued, by route");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("eals.enrollments.failed", "{enrollment}", "Enrollment attempts that failed, by step and route");
    public static readonly Counter<long> OscoreRejected = Meter.CreateCounter<long>("eals.oscore.rejected", "{request}", "OSCORE requests refused (replays, failed decryption, unknown context), by error");
    public static readonly Histogram<double> EdhocDuration = Meter.CreateHistogram<double>("eals.edhoc.duration", "s", "From the start of an EDHOC session to its completion");
    public static readonly Histogram<double> EnrollmentDuration = Meter.CreateHistogram<double>("eals.enrollment.duration", "s", "From the start of the enrollment (EDHOC session, /authz-info, first PSK request, CMC request) to the certificate, by route");

    /// <summary>A new trace for an enrollment, as a W3C traceparent to store with the session.</summary>
    public static string NewTrace()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        return $"00-{context.TraceId}-{context.SpanId}-01";
    }

    /// <summary>A span of an enrollment's step, in the enrollment's trace when <paramref name="traceParent"/> is known.</summary>
    public static Activity? StartStep(string name, string? traceParent, string? serial = null)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        if (serial is not null)
        {
            activity?.SetTag(SerialTag, serial);
        }
        return activity;
    }
}
