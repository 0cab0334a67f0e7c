using System.Diagnostics.Metrics;
using System.Text;
using Eals.Gateway.Hosting;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Return routability before state (RFC 9175 section 2.4, item 3): a request that would make the registrar
/// create a session (an EDHOC trigger, a forward-flow message_1) must echo a fresh <see cref="EchoChallenge"/>
/// value bound to its origin, proving it can receive at the address it sends from. Without one it gets 4.01
/// Unauthorized with an Echo option, built here and nowhere else: no grain, no slot, no key, nothing stored.
/// The 4.01 is never larger than the request that caused it (no amplification), so its diagnostic is
/// included only when it fits. Every gateway holding the routing key accepts every other's values.
/// With <paramref name="meters"/>, counts its answers on the gateway's meter (<c>eals.coap.echo</c>, tagged
/// <c>outcome</c>: admitted, missing, stale, invalid), so an operator sees a trigger flood being turned away.
/// </summary>
public sealed class ReturnRoutability(EchoChallenge echo, TimeProvider time, string gatewaySite, IMeterFactory? meters = null)
{
    public const string CounterName = "eals.coap.echo";

    private readonly Counter<long>? _outcomes = meters?.Create(GatewayMetrics.MeterName)
        .CreateCounter<long>(CounterName, "{request}", "Session-starting EDHOC requests by Echo outcome: admitted, or answered 4.01 with Echo (missing, stale, invalid)");

    /// <summary>
    /// Null when <paramref name="request"/> carries a fresh Echo value for <paramref name="origin"/>;
    /// otherwise the 4.01 to answer with.
    /// </summary>
    public CoapMessage? Challenge(CoapRequest request, PledgeOrigin origin)
    {
        string binding = Binding(origin);
        var now = time.GetUtcNow();
        string outcome = "missing";
        string diagnostic = "repeat with Echo";
        if (request.Message.TryGetOption(CoapOptionNumber.Echo, out var echoed))
        {
            var verdict = echo.Check(echoed.Value.Span, now, binding);
            if (verdict == EchoVerdict.Fresh)
            {
                _outcomes?.Add(1, new KeyValuePair<string, object?>("outcome", "admitted"));
                return null;
            }
            (outcome, diagnostic) = verdict == EchoVerdict.Stale ? ("stale", "stale Echo") : ("invalid", "invalid Echo");
        }
        _outcomes?.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        var challenge = new CoapMessage { Code = CoapCode.Unauthorized };
        challenge.AddOption(CoapOptionNumber.Echo, echo.Issue(now, binding));
        // Without the diagnostic it always fits: the request's Uri-Path (18 bytes) outweighs the Echo option (14).
        if (SizeOf(challenge, request) + 1 + Encoding.UTF8.GetByteCount(diagnostic) <= CoapMessageSerializer.GetSize(request.Message))
        {
            challenge.Payload = Encoding.UTF8.GetBytes(diagnostic);
        }
        return challenge;
    }

    /// <summary>
    /// Who the value is for: a direct pledge's address and port (the same at every gateway, so a pledge whose
    /// datagrams are spread over gateways echoes one gateway's value to another); a join proxy's site and the
    /// proxy's stable handle for the pledge behind it.
    /// </summary>
    public string Binding(PledgeOrigin origin) => origin.Site == gatewaySite ? origin.Pledge : $"{origin.Site}/{origin.Pledge}";

    /// <summary>The challenge's size on the wire: as the endpoint sends it, with the request's token (and Block1 echo, if any).</summary>
    private static int SizeOf(CoapMessage challenge, CoapRequest request)
    {
        var wire = challenge.Clone();
        wire.Token = request.Message.Token;
        if (request.Block1Echo is { } block1)
        {
            wire.SetOption(block1.ToOption(CoapOptionNumber.Block1));
        }
        return CoapMessageSerializer.GetSize(wire);
    }
}
