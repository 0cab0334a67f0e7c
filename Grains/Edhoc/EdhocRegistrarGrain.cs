using System.Security.Cryptography;
using Eals.Protocol.Coap;
using Eals.Protocol.Edhoc;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Eals.Grains.Registrar;

namespace Eals.Grains.Edhoc;

/// <summary>
/// Starts sessions under fresh random connection identifiers. The session grain that is asked to start
/// refuses if its identifier is already in use (a live session or an OSCORE context), so identifiers are
/// unique cluster-wide without a central counter.
/// </summary>
[StatelessWorker]
public sealed class EdhocRegistrarGrain(IOptionsMonitor<RegistrarOptions> options) : Grain, IEdhocRegistrarGrain
{
    private const int Attempts = 8;

    public async Task<EdhocReply> TriggerAsync(string site)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (await Session().StartReverseAsync(site) is { } reply)
            {
                return reply;
            }
        }
        return Exhausted();
    }

    public async Task<EdhocReply> Message1Async(byte[] message1, string site)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (await Session().StartForwardAsync(message1, site) is { } reply)
            {
                return reply;
            }
        }
        return Exhausted();
    }

    private IEdhocSessionGrain Session()
    {
        var id = RandomNumberGenerator.GetBytes(options.CurrentValue.ConnectionIdLength);
        return GrainFactory.GetGrain<IEdhocSessionGrain>(Convert.ToHexStringLower(id));
    }

    private static EdhocReply Exhausted() => new(EdhocReply.InternalError,
        EdhocErrorMessage.Unspecified("no free connection identifier").Encode(), CoapContentFormat.EdhocCborSeq);
}
