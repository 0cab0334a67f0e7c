using Eals.Grains;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Grains.Cmc;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// <c>/.well-known/est/fullcmc</c> (RFC 7030 section 4.3's operation over CoAP), unprotected: the CMS
/// signature of the Full PKI Request is the authentication. POST a request, Content-Format 282
/// (application/pkcs7-mime; smime-type=CMC-request) or none; the answer is a Full PKI Response, 283.
/// </summary>
public sealed class CmcResource(IGrainFactory grains, PledgeOrigins origins) : CoapResource(".well-known/est/fullcmc")
{
    public override CoapLink? Link => new($"/{Path}", ("ct", "283"));

    protected override ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        if (request.Message.ContentFormat is { } format && format != CoapContentFormat.Pkcs7CmcRequest)
        {
            return ValueTask.FromResult(CoapResponses.Error(CoapCode.UnsupportedContentFormat, "a Full PKI Request is application/pkcs7-mime; smime-type=CMC-request (282)"));
        }
        if (request.Message.Accept is { } accept && accept != CoapContentFormat.Pkcs7CmcResponse)
        {
            return ValueTask.FromResult(CoapResponses.Error(CoapCode.NotAcceptable, "the answer is application/pkcs7-mime; smime-type=CMC-response (283)"));
        }
        return ClusterUnavailable.GuardAsync(() => SubmitAsync(request));
    }

    private async ValueTask<CoapMessage> SubmitAsync(CoapRequest request)
    {
        var origin = origins.Of(request);
        return GrainReplies.ToResponse(await grains.Reference<ICmcRegistrarGrain>(0).SubmitAsync(request.Body.ToArray(), origin.Site, origin.Pledge));
    }
}
