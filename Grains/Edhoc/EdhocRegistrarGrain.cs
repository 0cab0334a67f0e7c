using System.Text;
using Eals.Grains.Pacing;
using Eals.Grains.Registrar;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Eals.Grains.Edhoc;

/// <summary>
/// Starts sessions under fresh random connection identifiers, once the pledge's site admits it (pacing).
/// The session grain that is asked to start refuses if its identifier is already in use (a live session
/// or an OSCORE context), so identifiers are unique cluster-wide without a central counter.
/// Reentrant: it holds no state and mostly waits (for the site's admission and its storage write, then the
/// session's); a non-reentrant stateless worker takes one call per activation, one activation per core, which
/// held a silo to about two triggers per such wait (40 admissions/s on two cores once admission waits for
/// the site's next grant instead of turning pledges away).
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class EdhocRegistrarGrain(IOptionsMonitor<RegistrarOptions> options, LeaseReleases releases, RoutingKeys routingKeys) : Grain, IEdhocRegistrarGrain
{
    private const int Attempts = 8;

    public async Task<EdhocReply> TriggerAsync(string site, string pledge, string source)
    {
        var admission = await GrainFactory.Reference<ISitePacerGrain>(site).AdmitHandshakeAsync(pledge, source);
        if (!admission.Admitted)
        {
            return NotYet(admission);
        }
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (await Session().StartReverseAsync(site, admission.Lease) is { } reply)
            {
                return reply;
            }
        }
        return Release(admission.Lease!, Exhausted());
    }

    public async Task<EdhocReply> Message1Async(byte[] message1, string site, string pledge, string source)
    {
        var admission = await GrainFactory.Reference<ISitePacerGrain>(site).AdmitHandshakeAsync(pledge, source);
        if (!admission.Admitted)
        {
            return NotYet(admission);
        }
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (await Session().StartForwardAsync(message1, site, admission.Lease) is { } reply)
            {
                // A message_1 that is refused started no session: its slot goes straight back.
                return reply.IsSuccess ? reply : Release(admission.Lease!, reply);
            }
        }
        return Release(admission.Lease!, Exhausted());
    }

    // Tagged, so gateways refuse identifiers nobody issued before any grain is asked.
    private IEdhocSessionGrain Session()
    {
        var id = TaggedConnectionId.Create(routingKeys.ConnectionIdTag, options.CurrentValue.ConnectionIdLength, SystemRandomSource.Instance);
        return GrainFactory.Reference<IEdhocSessionGrain>(Convert.ToHexStringLower(id));
    }

    private EdhocReply Release(PacingLease lease, EdhocReply reply)
    {
        lease.Release(releases, "not started");
        return reply;
    }

    // Not admitted yet: 5.03 with Max-Age = the expected wait (RFC 7252 5.9.3.4); the pledge keeps its place if it returns by then.
    private static EdhocReply NotYet(AdmissionDecision admission) => new(EdhocReply.ServiceUnavailable,
        Encoding.UTF8.GetBytes(admission.WaitDiagnostic),
        null, admission.RetryAfterSeconds);

    private static EdhocReply Exhausted() => new(EdhocReply.InternalError,
        EdhocErrorMessage.Unspecified("no free connection identifier").Encode(), CoapContentFormat.EdhocCborSeq);
}
