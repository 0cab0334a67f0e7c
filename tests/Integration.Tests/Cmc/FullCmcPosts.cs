using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;

namespace Eals.Integration.Tests.Cmc;

/// <summary>A signed Full PKI Request POSTed as it is (no re-signing, no waiting), to see the registrar's answer itself.</summary>
internal static class FullCmcPosts
{
    public static Task<CoapMessage> PostAsync(RegistrarConnection connection, byte[] signed)
    {
        var message = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, CmcEnroller.Path);
        message.Payload = signed;
        message.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.Pkcs7CmcRequest);
        return connection.Client.SendAsync(connection.Registrar, message);
    }
}
