using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// A resource that exists only under OSCORE (the EST-coaps resources and /eals): listed in
/// /.well-known/core so that clients find it, but a request that reaches it unprotected gets 4.01.
/// </summary>
public sealed class ProtectedOnlyResource(string path, params (string Name, string? Value)[] attributes) : ICoapResource
{
    public string Path { get; } = path.Trim('/');

    public CoapLink? Link => new($"/{Path}", attributes);

    public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(CoapResponses.Error(CoapCode.Unauthorized, $"/{Path} is served only over OSCORE"));
}
