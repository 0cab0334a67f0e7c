using System.Text;
using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>RFC 8613 sections 7.4, 8.2 and 8.4: every failure gets its CoAP error and changes no state.</summary>
public sealed class OscoreErrorTests
{
    // C.4 on the wire: the server (C.1.2) accepts it.
    private const string C4 = "44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e";

    private static CoapMessage WithOscoreOption(string optionHex, string payloadHex = "612f1092f1776f1c1668b3825e")
    {
        var message = new CoapMessage { Type = CoapMessageType.Confirmable, Code = CoapCode.Post, MessageId = 0x5d1f, Token = new byte[] { 0, 0, 0x39, 0x74 }, Payload = Convert.FromHexString(payloadHex) };
        message.AddOption(CoapOption.FromString(CoapOptionNumber.UriHost, "localhost"));
        message.AddOption(CoapOptionNumber.Oscore, Convert.FromHexString(optionHex));
        return message;
    }

    private static void AssertNoStateChange(OscoreContextState before, OscoreSecurityContext context)
    {
        Assert.Equal(before.ToBytes(), context.Export().ToBytes());
    }

    /// <summary>The server refuses the request with exactly <paramref name="expected"/> (kind, code, diagnostic) and keeps its state.</summary>
    private static void AssertRefused(OscoreSecurityContext server, CoapMessage request, OscoreError expected)
    {
        var before = server.Export();

        var result = server.UnprotectRequest(request);

        Assert.Equal(expected, result.Error);
        AssertNoStateChange(before, server);
    }

    [Theory]
    [InlineData("00")]          // flags zero but not empty
    [InlineData("8914")]        // reserved bit
    [InlineData("0e")]          // n = 6
    [InlineData("0a14")]        // n = 2 but one byte
    [InlineData("0a0014")]      // leading zero
    [InlineData("1914")]        // h = 1 but no kid context
    [InlineData("")]            // a request without Partial IV and kid
    [InlineData("0114")]        // a request without kid
    [InlineData("08")]          // a request without Partial IV
    public void An_undecodable_option_is_4_02_failed_to_decode_cose(string optionHex)
    {
        using var server = Create(C1Server);

        AssertRefused(server, WithOscoreOption(optionHex), new OscoreError(OscoreErrorKind.CoseDecodeFailed, CoapCode.BadOption, "Failed to decode COSE"));
    }

    [Fact]
    public void Two_oscore_options_or_no_payload_are_4_02()
    {
        using var server = Create(C1Server);
        var twice = WithOscoreOption("0914");
        twice.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x09, 0x14 });
        var noPayload = WithOscoreOption("0914", "");
        var noOption = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/x");
        noOption.Payload = new byte[20];

        Assert.Equal(OscoreErrorKind.CoseDecodeFailed, server.UnprotectRequest(twice).Error?.Kind);
        Assert.Equal(OscoreErrorKind.CoseDecodeFailed, server.UnprotectRequest(noPayload).Error?.Kind);
        Assert.Equal(OscoreErrorKind.CoseDecodeFailed, server.UnprotectRequest(noOption).Error?.Kind);
    }

    [Theory]
    [InlineData("091402")]                          // kid 02: not this context's Recipient ID
    [InlineData("191401aa")]                        // kid context present but this context has none
    public void An_unknown_kid_or_kid_context_is_4_01_security_context_not_found(string optionHex)
    {
        using var server = Create(C1Server);

        AssertRefused(server, WithOscoreOption(optionHex), new OscoreError(OscoreErrorKind.SecurityContextNotFound, CoapCode.Unauthorized, "Security context not found"));
    }

    [Fact]
    public void A_wrong_kid_context_is_4_01_too()
    {
        using var server = Create(C1Server with { IdContext = IdContext });

        var result = server.UnprotectRequest(WithOscoreOption("191401aa"));

        Assert.Equal(OscoreErrorKind.SecurityContextNotFound, result.Error?.Kind);
    }

    [Fact]
    public void A_replayed_request_is_4_01_replay_detected_and_the_original_still_counts()
    {
        using var server = Create(C1Server);
        Assert.True(server.UnprotectRequest(Parse(C4)).IsSuccess);

        AssertRefused(server, Parse(C4), new OscoreError(OscoreErrorKind.ReplayDetected, CoapCode.Unauthorized, "Replay detected"));
    }

    [Theory]
    [InlineData("612f1092f1776f1c1668b3825f")]   // last tag bit flipped
    [InlineData("602f1092f1776f1c1668b3825e")]   // first ciphertext bit flipped
    [InlineData("612f1092f1776f")]               // shorter than the tag
    [InlineData("1668b3825e")]
    public void A_modified_ciphertext_is_4_00_decryption_failed_and_the_window_does_not_move(string payloadHex)
    {
        using var server = Create(C1Server);

        AssertRefused(server, WithOscoreOption("0914", payloadHex), new OscoreError(OscoreErrorKind.DecryptionFailed, CoapCode.BadRequest, "Decryption failed"));
        Assert.True(server.UnprotectRequest(Parse(C4)).IsSuccess);   // the genuine request is still accepted
    }

    [Fact]
    public void A_different_partial_iv_fails_decryption_and_does_not_burn_that_number()
    {
        using var server = Create(C1Server);

        var result = server.UnprotectRequest(WithOscoreOption("0915"));

        Assert.Equal(OscoreErrorKind.DecryptionFailed, result.Error?.Kind);
        Assert.Equal(-1, server.Export().ReplayWindowHighest);
    }

    [Theory]
    [InlineData("45")]                  // a response code (2.05) inside a request
    [InlineData("00")]                  // the Empty code
    [InlineData("01f0")]                // an option with the reserved delta nibble 15
    [InlineData("01ff")]                // a payload marker with no payload
    [InlineData("0190")]                // an inner OSCORE option
    [InlineData("")]                    // nothing at all
    public void A_plaintext_that_is_not_a_valid_request_is_4_00_after_decryption(string plaintextHex)
    {
        using var server = Create(C1Server);
        var ciphertext = EncryptAsC4Client(Convert.FromHexString(plaintextHex));

        AssertRefused(server, WithOscoreOption("0914", Hex(ciphertext)), OscoreError.MalformedPlaintext);
    }

    // What a (faulty or hostile) client holding the C.1.1 keys would send with Partial IV 0x14.
    private static byte[] EncryptAsC4Client(byte[] plaintext)
    {
        var keys = OscoreKeyDerivation.Derive(C1Client);
        var aad = OscoreAad.BuildAad([], [0x14]);
        var nonce = OscoreNonce.Compute(keys.CommonIv, [], [0x14]);
        var ciphertext = new byte[plaintext.Length + OscoreAlgorithm.TagLength];
        using var aes = new System.Security.Cryptography.AesCcm(keys.SenderKey);
        aes.Encrypt(nonce, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), aad);
        return ciphertext;
    }

    [Fact]
    public void Error_responses_carry_code_token_max_age_0_and_diagnostic()
    {
        var request = Parse(C4);

        var response = OscoreError.ReplayDetected.ToResponse(request);

        Assert.Equal(CoapMessageType.Acknowledgement, response.Type);
        Assert.Equal(request.MessageId, response.MessageId);
        Assert.Equal(request.Token.ToArray(), response.Token.ToArray());
        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.True(response.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge));
        Assert.Equal(0u, maxAge);
        Assert.Equal("Replay detected", Encoding.UTF8.GetString(response.Payload.Span));
        Assert.False(response.HasOption(CoapOptionNumber.Oscore));
    }

    [Fact]
    public async Task A_client_rejects_a_forged_response_and_one_from_another_sender()
    {
        using var client = Create(C1Client);
        var protectedRequest = (await client.ProtectRequestAsync(GetTv1())).Value!;
        var forged = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Changed, Payload = new byte[20] };
        forged.AddOption(CoapOption.Empty(CoapOptionNumber.Oscore));
        var otherKid = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Changed, Payload = new byte[20] };
        otherKid.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x09, 0x00, 0x07 });
        var malformed = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Changed, Payload = new byte[20] };
        malformed.AddOption(CoapOptionNumber.Oscore, new byte[] { 0x00 });

        Assert.Equal(OscoreErrorKind.DecryptionFailed, client.UnprotectResponse(forged, protectedRequest.Binding).Error?.Kind);
        Assert.Equal(OscoreErrorKind.SecurityContextNotFound, client.UnprotectResponse(otherKid, protectedRequest.Binding).Error?.Kind);
        Assert.Equal(OscoreErrorKind.CoseDecodeFailed, client.UnprotectResponse(malformed, protectedRequest.Binding).Error?.Kind);
    }
}
