using Eals.Gateway.Messaging;
using Eals.Grains.Edhoc;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>The CoAP response for a grain's answer to an unprotected request (EDHOC, full CMC).</summary>
public static class GrainReplies
{
    public static CoapMessage ToResponse(EdhocReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var response = CoapResponses.Create(new CoapCode(reply.Code), reply.Payload, reply.ContentFormat);
        if (reply.MaxAge is { } maxAge)
        {
            response.SetUInt(CoapOptionNumber.MaxAge, maxAge);
        }
        return response;
    }
}
