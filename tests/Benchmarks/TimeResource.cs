using System.Globalization;
using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Benchmarks;

/// <summary>GET /time: the current time as libcoap's example server formats it ("Nov 24 20:48:41"), for a like-for-like comparison.</summary>
public sealed class TimeResource(TimeProvider time) : CoapResource("time")
{
    public override CoapLink? Link => new("/time", ("if", "clock"), ("rt", "ticks"), ("ct", "0"));

    protected override ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        var text = time.GetUtcNow().ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
        return ValueTask.FromResult(CoapResponses.Create(CoapCode.Content, Encoding.ASCII.GetBytes(text), CoapContentFormat.TextPlain));
    }
}
