using Eals.Grains;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Grains.Edhoc;
using Eals.Grains.Routing;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// <c>/.well-known/edhoc</c> (RFC 9528 appendix A.2), unprotected: an empty POST triggers a session in
/// which the registrar is Initiator (reverse flow, the pledge gets message_1); <c>true ‖ message_1</c>
/// starts one in which it is Responder (forward flow); <c>C_x ‖ message</c> continues the session the
/// registrar's connection identifier C_x names, whichever gateway received the earlier messages. A C_x without the
/// registrar's tag (<see cref="TaggedConnectionId"/>) names a session only if one of a release before the tags is stored
/// (<see cref="IStoredIdentifierGrain"/>); else it is answered here, as the session grain would, with no grain activated.
/// With <paramref name="routability"/>, the two requests that start a session are answered 4.01 with Echo
/// until they echo a fresh value (RFC 9175): no grain hears of a requester that has not proved its address.
/// </summary>
public sealed class EdhocResource(IGrainFactory grains, PledgeOrigins origins, ContextOwners owners, RoutingKeys routingKeys, ReturnRoutability? routability = null) : CoapResource(".well-known/edhoc")
{
    public override CoapLink? Link => new($"/{Path}", ("rt", "core.edhoc"));

    protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
        => ClusterUnavailable.GuardAsync(() => HandleEdhocAsync(request));

    private async ValueTask<CoapMessage> HandleEdhocAsync(CoapRequest request)
    {
        var parsed = EdhocCoapTransport.ParseRequest(request.Body.ToArray());
        if (!parsed.TryGetValue(out var edhoc))
        {
            return CoapResponses.Create(CoapCode.BadRequest, parsed.Failure!.ToErrorMessage().Encode(), EdhocCoapTransport.ResponseContentFormat);
        }
        var origin = origins.Of(request);
        if (edhoc.Kind is EdhocCoapRequestKind.Trigger or EdhocCoapRequestKind.Message1 && routability?.Challenge(request, origin) is { } challenge)
        {
            return challenge;
        }
        var reply = edhoc.Kind switch
        {
            EdhocCoapRequestKind.Trigger => await grains.Reference<IEdhocRegistrarGrain>(0).TriggerAsync(origin.Site, origin.Pledge, origin.Source),
            EdhocCoapRequestKind.Message1 => await grains.Reference<IEdhocRegistrarGrain>(0).Message1Async(edhoc.Message, origin.Site, origin.Pledge, origin.Source),
            _ => await ContinueAsync(edhoc.ConnectionId!, edhoc.Message),
        };
        if (reply.Owner is { } owner && edhoc.ConnectionId is { } connectionId)
        {
            // The session's identifier is the pledge's OSCORE kid: its requests go to the owner from now on.
            owners.Remember(Convert.ToHexStringLower(connectionId), owner);
        }
        return GrainReplies.ToResponse(reply);
    }

    private async Task<EdhocReply> ContinueAsync(byte[] connectionId, byte[] message)
    {
        string key = Convert.ToHexStringLower(connectionId);
        if (!TaggedConnectionId.IsValid(routingKeys.ConnectionIdTag, connectionId)
            && !await grains.Reference<IStoredIdentifierGrain>(0).SessionStoredAsync(key))
        {
            return EdhocReply.NoSession();
        }
        return await grains.Reference<IEdhocSessionGrain>(key).ContinueAsync(message);
    }
}
