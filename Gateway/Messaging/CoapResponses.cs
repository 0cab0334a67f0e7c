using System.Text;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Messaging;

/// <summary>Building responses: success with a payload, or an error with a diagnostic payload (RFC 7252 section 5.5.2).</summary>
public static class CoapResponses
{
    public static CoapMessage Create(CoapCode code, ReadOnlyMemory<byte> payload = default, ushort? contentFormat = null)
    {
        var response = new CoapMessage { Code = code, Payload = payload };
        if (contentFormat is { } format)
        {
            response.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, format));
        }
        return response;
    }

    /// <summary>An error response whose payload is a human-readable UTF-8 diagnostic, without Content-Format.</summary>
    public static CoapMessage Error(CoapCode code, string diagnostic)
        => new() { Code = code, Payload = Encoding.UTF8.GetBytes(diagnostic) };

    public static CoapMessage ServiceUnavailable(string diagnostic, uint maxAgeSeconds)
        => Error(CoapCode.ServiceUnavailable, diagnostic).SetUInt(CoapOptionNumber.MaxAge, maxAgeSeconds);
}
