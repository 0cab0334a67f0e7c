using Eals.Grains.Enrollment;
using Eals.Protocol.Coap;

namespace Eals.Integration.Tests.Skg;

/// <summary>The security context wipes a marked response (an /skg answer with its private key) once OSCORE encrypted it, and nothing else.</summary>
public sealed class SensitiveResponsesTests
{
    [Fact]
    public void A_marked_response_and_its_oscore_plaintext_are_wiped_once()
    {
        byte[] payload = [1, 2, 3, 4];
        byte[] plaintext = [0x44, 1, 2, 3, 4];
        var response = InnerResponses.Create(CoapCode.Changed, payload, CoapContentFormat.MultipartCore);
        SensitiveResponses.Mark(response, payload);

        SensitiveResponses.WipeAfterProtection(response, plaintext);

        Assert.Equal(new byte[4], payload);
        Assert.Equal(new byte[5], plaintext);
        Assert.False(SensitiveResponses.IsMarked(response));
    }

    [Fact]
    public void Other_responses_are_left_alone()
    {
        byte[] certificate = [0x30, 0x82, 0x01, 0x00];
        byte[] plaintext = [0x45, 0x30, 0x82, 0x01, 0x00];
        var response = InnerResponses.Create(CoapCode.Changed, certificate, CoapContentFormat.PkixCert);

        SensitiveResponses.WipeAfterProtection(response, plaintext);

        Assert.Equal(new byte[] { 0x30, 0x82, 0x01, 0x00 }, certificate);
        Assert.Equal(new byte[] { 0x45, 0x30, 0x82, 0x01, 0x00 }, plaintext);
    }
}
