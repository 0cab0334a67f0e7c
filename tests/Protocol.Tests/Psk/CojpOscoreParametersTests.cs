using System.Security.Cryptography;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Psk;

namespace Eals.Protocol.Tests.Psk;

/// <summary>
/// The pre-shared key route's OSCORE parameters (RFC 9031 section 8.1): pledge Sender ID h'', registrar
/// ("JRC") Sender ID h'4a5243', ID Context the pledge identifier, empty Master Salt, AES-CCM-16-64-128
/// with HKDF-SHA-256; keys checked against HKDF computed here from RFC 8613 section 3.2.1's info array.
/// </summary>
public sealed class CojpOscoreParametersTests
{
    private static readonly byte[] Secret = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");
    private static readonly byte[] IdContext = Convert.FromHexString("45414c53"); // "EALS"

    [Fact]
    public void The_parameters_are_rfc_9031s()
    {
        var pledge = CojpOscoreParameters.ForPledge(Secret, IdContext);
        var registrar = CojpOscoreParameters.ForRegistrar(Secret, IdContext);

        Assert.Empty(pledge.SenderId.ToArray());
        Assert.Equal(Convert.FromHexString("4a5243"), pledge.RecipientId.ToArray());
        Assert.Equal(Convert.FromHexString("4a5243"), registrar.SenderId.ToArray());
        Assert.Empty(registrar.RecipientId.ToArray());
        Assert.Empty(pledge.MasterSalt!);
        Assert.Equal(IdContext, pledge.IdContext);
        Assert.Equal(IdContext, registrar.IdContext);
    }

    [Fact]
    public void The_pledges_sender_key_is_hkdf_over_the_rfc_8613_info_with_the_id_context()
    {
        using var context = OscoreSecurityContext.Derive(CojpOscoreParameters.ForPledge(Secret, IdContext), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);

        // info = [id: h'', id_context: h'45414c53', alg_aead: 10, type: "Key", L: 16]
        byte[] keyInfo = Convert.FromHexString("85" + "40" + "4445414c53" + "0a" + "634b6579" + "10");
        byte[] ivInfo = Convert.FromHexString("85" + "40" + "4445414c53" + "0a" + "624956" + "0d");
        byte[] jrcKeyInfo = Convert.FromHexString("85" + "434a5243" + "4445414c53" + "0a" + "634b6579" + "10");
        var state = context.Export();
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, 16, salt: [], info: keyInfo), state.SenderKey);
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, 16, salt: [], info: jrcKeyInfo), state.RecipientKey);
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, 13, salt: [], info: ivInfo), state.CommonIv);
    }

    [Fact]
    public async Task The_pledges_first_request_carries_kid_context_and_the_empty_kid_and_the_registrar_verifies_it()
    {
        using var pledge = OscoreSecurityContext.Derive(CojpOscoreParameters.ForPledge(Secret, IdContext), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        using var registrar = OscoreSecurityContext.Derive(CojpOscoreParameters.ForRegistrar(Secret, IdContext), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/est/sen");
        request.Payload = new byte[] { 1, 2, 3 };

        var protectedRequest = (await pledge.ProtectRequestAsync(request, includeKidContext: true)).Value!.Message;

        // flags 0x19: Partial IV of 1 byte (h'00'), kid context present (h), kid present (k); s = 4, "EALS", kid h''.
        Assert.True(protectedRequest.TryGetOption(CoapOptionNumber.Oscore, out var option));
        Assert.Equal("190004" + "45414c53", Convert.ToHexStringLower(option.Value.Span));
        var verified = registrar.UnprotectRequest(protectedRequest);
        Assert.True(verified.IsSuccess);
        Assert.Equal(".well-known/est/sen", verified.Value.Message.GetPath());
    }

    [Theory]
    [InlineData(15, 4, "16 to 64 bytes")]
    [InlineData(65, 4, "16 to 64 bytes")]
    [InlineData(16, 0, "1 to 64 bytes")]
    [InlineData(16, 65, "1 to 64 bytes")]
    public void Secrets_and_identifiers_out_of_bounds_are_refused(int secretLength, int idContextLength, string problem)
    {
        Assert.Contains(problem, CojpOscoreParameters.Problem(new byte[secretLength], new byte[idContextLength]), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CojpOscoreParameters.ForRegistrar(new byte[secretLength], new byte[idContextLength]));
    }
}
