using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Tests.Shared;

/// <summary>GET returns a fixed text; optionally only after a delay, to exercise separate responses.</summary>
public sealed class TextResource(string path, string text, TimeSpan delay = default, TimeProvider? time = null) : CoapResource(path)
{
    public int Calls;

    public override CoapLink? Link => new($"/{Path}", ("rt", "test.text"), ("ct", "0"));

    protected override async ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time ?? TimeProvider.System, cancellationToken);
        }
        return CoapResponses.Create(CoapCode.Content, Encoding.UTF8.GetBytes(text), CoapContentFormat.TextPlain);
    }
}
