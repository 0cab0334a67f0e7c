using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 9528 section 6: error messages built and parsed.</summary>
public sealed class EdhocErrorMessageTests
{
    [Theory]
    [InlineData("0202", EdhocErrorCode.WrongSelectedCipherSuite)]
    [InlineData("0282060f", EdhocErrorCode.WrongSelectedCipherSuite)]
    [InlineData("03f5", EdhocErrorCode.UnknownCredentialReferenced)]
    [InlineData("0163626164", EdhocErrorCode.UnspecifiedError)]
    public void Error_messages_round_trip(string hex, EdhocErrorCode code)
    {
        var parsed = EdhocErrorMessage.Decode(Convert.FromHexString(hex)).Value;
        Assert.Equal(code, parsed.Code);
        Assert.Equal(hex, Convert.ToHexStringLower(parsed.Encode()));
    }

    [Theory]
    [InlineData("01")]          // ERR_INFO missing
    [InlineData("0102")]        // ERR_CODE 1 needs a text string
    [InlineData("03f4")]        // ERR_CODE 3 needs true
    [InlineData("028102")]      // one suite must be an int
    [InlineData("0202ff")]      // trailing byte
    [InlineData("18020202")]    // non-deterministic ERR_CODE
    public void Malformed_error_messages_are_rejected(string hex)
    {
        Assert.False(EdhocErrorMessage.Decode(Convert.FromHexString(hex)).IsSuccess);
    }

    [Fact]
    public void Unspecified_error_carries_its_diagnostic()
    {
        var message = EdhocErrorMessage.Unspecified("bad MAC");
        Assert.Equal("bad MAC", EdhocErrorMessage.Decode(message.Encode()).Value.Diagnostic);
    }

    [Fact]
    public void Suite_negotiation_keeps_the_initiators_order_up_to_the_first_common_suite()
    {
        Assert.Equal([6, 2], EdhocInitiator.NegotiateSuites([6, 2, 0], [2, 0]));
        Assert.Equal([0], EdhocInitiator.NegotiateSuites([0, 2], [2, 0]));
        Assert.Null(EdhocInitiator.NegotiateSuites([0], [3]));
    }
}
