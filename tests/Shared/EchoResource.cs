using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Tests.Shared;

/// <summary>Answers POST and PUT with the request body it received (after Block1 reassembly), keeping its Content-Format.</summary>
public sealed class EchoResource(string path = "echo") : CoapResource(path)
{
    public int Calls;

    public override CoapLink? Link => new($"/{Path}", ("rt", "test.echo"), ("ct", "0"));

    protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken) => Echo(request, CoapCode.Changed);

    protected override ValueTask<CoapMessage> OnPutAsync(CoapRequest request, CancellationToken cancellationToken) => Echo(request, CoapCode.Changed);

    private ValueTask<CoapMessage> Echo(CoapRequest request, CoapCode code)
    {
        Interlocked.Increment(ref Calls);
        var format = request.Message.ContentFormat;
        return ValueTask.FromResult(CoapResponses.Create(code, request.Body.ToArray(), format is { } f ? (ushort)f : null));
    }
}
