using Eals.Grains;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Grains.Oscore;
using Eals.Grains.Pledges;
using Eals.Grains.Routing;
using Eals.Grains.Psk;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Oscore;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Hands an OSCORE-protected request, as bytes, to the grain that owns the security context its 'kid'
/// names (with the 'kid context' too when the request carries one: pre-shared keys): the pledge's grain when
/// EDHOC made the context (<see cref="ContextOwners"/>), else the context grain under the kid, and relays the (protected) answer. The gateway never sees a key. A request whose OSCORE option
/// cannot be decoded, or names no kid, gets 4.02 "Failed to decode COSE" (RFC 8613 section 8.2). The
/// request's origin goes along for pacing (a pre-shared key's pledge takes its slot with its first request).
/// A kid that names no context activates no grain: the registrar's kids carry its tag (<see cref="TaggedConnectionId"/>),
/// and any other key (with a kid context, or without a valid tag) is routed only if the storage holds a context under it
/// (<see cref="IStoredIdentifierGrain"/>); else it gets 4.01 "Security context not found" (RFC 8613 section 8.2) here.
/// </summary>
public sealed class SecurityContextForwarder(IGrainFactory grains, PledgeOrigins origins, ContextOwners owners, RoutingKeys routingKeys) : IProtectedRequestHandler
{
    public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
        => ClusterUnavailable.GuardAsync(() => ForwardAsync(request));

    private async ValueTask<CoapMessage> ForwardAsync(CoapRequest request)
    {
        var message = request.Message;
        if (!message.TryGetOption(CoapOptionNumber.Oscore, out var option)
            || OscoreOptionValue.TryDecode(option.Value.Span, out var value) != OscoreOptionError.None
            || value.Kid is null)
        {
            return OscoreError.CoseDecodeFailed.ToResponse(message);
        }
        // The body may have been reassembled from outer Block1 blocks: forward the whole protected request.
        var whole = message.Clone();
        whole.Payload = request.Body;
        whole.RemoveOption(CoapOptionNumber.Block1);
        whole.RemoveOption(CoapOptionNumber.Size1);
        // With a 'kid context' (a pre-shared key's pledge identifier, RFC 9031) the context is keyed by both.
        string key = value.KidContext is { } idContext ? PskContextKey.For(idContext, value.Kid) : Convert.ToHexStringLower(value.Kid);
        var origin = origins.Of(request);
        byte[] bytes = CoapMessageSerializer.Serialize(whole);
        // A context EDHOC made is its pledge's: straight there when this gateway knows the owner.
        string? owner = owners.OwnerOf(key);
        var answer = owner is not null
            ? await grains.Reference<IPledgeGrain>(owner).HandleProtectedAsync(bytes, key, origin.Site, origin.Pledge)
            : null;
        if (answer?.Owner is null && value.KidContext is null && TaggedConnectionId.IsValid(routingKeys.ConnectionIdTag, value.Kid))
        {
            answer = await FromContextGrainAsync(key, bytes, origin);
        }
        else if (answer?.Owner is null)
        {
            // No tag (a pre-shared key, an access token, a context of a release before the tags): stored, or nobody's.
            var stored = await grains.Reference<IStoredIdentifierGrain>(0).FindContextAsync(key);
            if (!stored.Exists)
            {
                return OscoreError.SecurityContextNotFound.ToResponse(message);
            }
            answer = stored.Owner is { } storedOwner && storedOwner != owner
                ? await grains.Reference<IPledgeGrain>(storedOwner).HandleProtectedAsync(bytes, key, origin.Site, origin.Pledge)
                : null;
            if (answer?.Owner is { } served)
            {
                owners.Remember(key, served);
            }
            else
            {
                answer = await FromContextGrainAsync(key, bytes, origin);
            }
        }
        var parsed = CoapMessageParser.Parse(answer!.Message);
        return parsed.IsSuccess ? parsed.Message : CoapResponses.Error(CoapCode.InternalServerError, "the security context gave no valid answer");
    }

    // The context grain under the key serves it, or finds its owner (which this gateway then remembers).
    private async Task<ProtectedAnswer> FromContextGrainAsync(string key, byte[] bytes, PledgeOrigin origin)
    {
        var answer = await grains.Reference<ISecurityContextGrain>(key).HandleAsync(bytes, origin.Site, origin.Pledge);
        if (answer.Owner is { } found)
        {
            owners.Remember(key, found);
        }
        return answer;
    }
}
