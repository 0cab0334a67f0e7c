using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Est;

public sealed class EstResponseCodesTests
{
    [Fact]
    public void Every_error_has_a_client_or_server_error_code()
    {
        foreach (var error in Enum.GetValues<PkiError>())
        {
            Assert.True(EstResponseCodes.For(error).Class is 4 or 5, $"{error}");
        }

        foreach (var error in Enum.GetValues<EstFormatError>())
        {
            Assert.True(EstResponseCodes.For(error).Class is 4 or 5, $"{error}");
        }
    }

    [Theory]
    [InlineData(PkiError.IdentityMismatch, 0x83)]      // 4.03: draft-selander-ace-eals section 2.1
    [InlineData(PkiError.RequestsCaCertificate, 0x83)]
    [InlineData(PkiError.BadSignature, 0x80)]
    [InlineData(PkiError.UnsupportedCurve, 0x80)]
    [InlineData(PkiError.CaExpired, 0xA0)]
    public void Refusals_map_to_the_rfc_9148_codes(PkiError error, byte code)
    {
        Assert.Equal(new CoapCode(code), EstResponseCodes.For(error));
    }

    [Fact]
    public void An_accept_that_cannot_be_met_is_not_acceptable()
    {
        Assert.Equal(CoapCode.NotAcceptable, EstResponseCodes.For(EstFormatError.UnsupportedContentFormat));
    }
}
