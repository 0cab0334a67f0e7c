using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Resources;

/// <summary>
/// Takes every request that carries an OSCORE option (RFC 8613): its Uri-Path is encrypted, so it cannot
/// be routed by path; it goes to whoever holds the security context named by its 'kid'.
/// </summary>
public interface IProtectedRequestHandler
{
    ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken);
}
