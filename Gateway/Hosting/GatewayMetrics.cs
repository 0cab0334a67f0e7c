using System.Diagnostics.Metrics;
using Eals.Gateway.Messaging;

namespace Eals.Gateway.Hosting;

/// <summary>
/// The gateway's message-layer counters as metrics (meter "Eals.Gateway"), read from the endpoint's
/// statistics when collected, so the hot path pays nothing extra.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Eals.Gateway";

    private readonly Meter _meter;

    public GatewayMetrics(IMeterFactory meters, CoapEndpointStatistics statistics)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableCounter("eals.coap.datagrams", () => statistics.DatagramsReceived, "{datagram}", "Datagrams received");
        _meter.CreateObservableCounter("eals.coap.requests", () => statistics.Requests, "{request}", "Requests handed to resources");
        _meter.CreateObservableCounter("eals.coap.duplicates", () => statistics.Duplicates, "{message}", "Duplicates answered from the de-duplication cache");
        _meter.CreateObservableCounter("eals.coap.retransmissions", () => statistics.Retransmissions, "{message}", "Confirmable messages sent again for want of an ACK");
        _meter.CreateObservableCounter("eals.coap.malformed", () => statistics.Malformed, "{datagram}", "Datagrams that are not CoAP");
        _meter.CreateObservableCounter("eals.coap.separate_responses", () => statistics.SeparateResponses, "{response}", "Responses sent separately after an empty ACK");
        _meter.CreateObservableCounter("eals.coap.handler_failures", () => statistics.HandlerFailures, "{request}", "Requests whose handler failed (5.00)");
    }

    public void Dispose() => _meter.Dispose();
}
