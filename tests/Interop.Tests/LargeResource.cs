using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Interop.Tests;

/// <summary>GET returns a fixed body larger than one block, so clients must follow Block2.</summary>
public sealed class LargeResource(string path, int size) : CoapResource(path)
{
    public byte[] Body { get; } = Enumerable.Range(0, size).Select(i => (byte)('a' + (i * 7 % 26))).ToArray();

    protected override ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(CoapResponses.Create(CoapCode.Content, Body, CoapContentFormat.TextPlain));
}
