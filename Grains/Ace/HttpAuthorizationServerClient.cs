using Eals.Grains.Vouchers;

namespace Eals.Grains.Ace;

/// <summary>POSTs the introspection request to <c>{MASA}/ace/introspect</c>: the AS lives with the manufacturer's MASA (the embedded one by default).</summary>
public sealed class HttpAuthorizationServerClient(HttpMasaClient masa) : IAuthorizationServerClient
{
    public const string Path = "ace/introspect";
    public const string MediaType = "application/cose; cose-type=\"cose-sign1\"";

    public Task<MasaResponse> IntrospectAsync(byte[] signedRequest, CancellationToken cancellationToken)
        => masa.PostAsync(Path, MediaType, signedRequest, cancellationToken);
}
