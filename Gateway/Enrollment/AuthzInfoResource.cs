using Eals.Grains;
using System.Security.Cryptography;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Grains.Ace;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// <c>/authz-info</c> (RFC 9200 section 5.10.1), unprotected: the pledge POSTs its access token with nonce1 and
/// its Recipient ID (application/ace+cbor, RFC 9203 section 4.1); the request's grain, keyed by its hash, answers,
/// so a repeat through any gateway gets the same answer.
/// </summary>
public sealed class AuthzInfoResource(IGrainFactory grains, PledgeOrigins origins) : CoapResource("authz-info")
{
    /// <summary>A token with its nonces is a few hundred bytes; this is ample.</summary>
    public const int MaxBodyBytes = 4096;

    public override CoapLink? Link => new($"/{Path}", ("ct", "19"));

    protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
        => ClusterUnavailable.GuardAsync(() => HandleAsync(request));

    private async ValueTask<CoapMessage> HandleAsync(CoapRequest request)
    {
        if (request.Message.ContentFormat is { } format && format != CoapContentFormat.AceCbor)
        {
            return CoapResponses.Error(CoapCode.UnsupportedContentFormat, "send the token as application/ace+cbor (19)");
        }
        if (request.Body.IsEmpty || request.Body.Length > MaxBodyBytes)
        {
            return CoapResponses.Error(CoapCode.BadRequest, $"the body must be an ace+cbor map of at most {MaxBodyBytes} bytes");
        }
        byte[] body = request.Body.ToArray();
        var origin = origins.Of(request);
        var reply = await grains.Reference<IAuthzInfoGrain>(Convert.ToHexStringLower(SHA256.HashData(body))).PostAsync(body, origin.Site, origin.Pledge);
        var response = CoapResponses.Create(new CoapCode(reply.Code), reply.Payload, reply.IsSuccess ? CoapContentFormat.AceCbor : null);
        if (reply.MaxAge is { } maxAge)
        {
            response.SetUInt(CoapOptionNumber.MaxAge, maxAge);
        }
        return response;
    }
}
