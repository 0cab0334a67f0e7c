using System.Text;
using Eals.Protocol.Coap;

namespace Eals.Grains.Enrollment;

/// <summary>
/// Responses built inside the grains, before OSCORE protects them (the gateway's <c>CoapResponses</c> is out
/// of reach here): a representation with its Content-Format, or an error with a diagnostic payload
/// (RFC 7252 section 5.5.2). The gateway sets type, Message ID and token.
/// </summary>
public static class InnerResponses
{
    public static CoapMessage Create(CoapCode code, byte[] payload, ushort contentFormat)
    {
        var response = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = code, Payload = payload };
        response.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, contentFormat));
        return response;
    }

    public static CoapMessage Error(CoapCode code, string diagnostic) =>
        new() { Type = CoapMessageType.Acknowledgement, Code = code, Payload = Encoding.UTF8.GetBytes(diagnostic) };
}
