using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Eals.Masa.Ace;
using Eals.Protocol.Ace;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.WebUtilities;

namespace Eals.Masa.Tests.Ace;

/// <summary>
/// The AS's introspection endpoint: the token's audience gets the OSCORE input material and a Client Token whose
/// voucher pins its domain; another registrar learns the token is active but gets no key; a request whose
/// signature does not verify is 403; the voucher nonce (nonce1) is single-use; a revoked token is inactive.
/// </summary>
public sealed class IntrospectionTests : RunningMasa
{
    [Fact]
    public async Task The_audience_gets_the_keys_and_a_client_token_with_a_voucher_for_its_domain()
    {
        var token = await OrderAsync("SN-ACE-01", "A Registrar");
        byte[] nonce1 = RandomNumberGenerator.GetBytes(8);

        var answer = await IntrospectAsync(World.A, token, nonce1);

        Assert.True(answer.Active);
        Assert.Equal(("SN-ACE-01", "A Registrar", "/eals"), (answer.Subject, answer.Audience, answer.Scope));
        var content = ClientTokenContentOf(answer, token);
        Assert.Equal(answer.InputMaterial!.MasterSecret, content.InputMaterial.MasterSecret);
        using var manufacturer = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(World.Data, "manufacturer", "ca.pem")));
        var voucher = VoucherValidator.Validate(content.Voucher, manufacturer, "SN-ACE-01", nonce1, DateTimeOffset.UtcNow);
        using var pinned = VoucherValidator.PinnedDomainCertificate(voucher);
        Assert.Equal(World.A.Ca.Certificate.RawData, pinned.RawData);
    }

    [Fact]
    public async Task Another_registrar_learns_the_token_is_active_but_gets_no_key()
    {
        var token = await OrderAsync("SN-ACE-02", "A Registrar");

        var answer = await IntrospectAsync(World.B, token, RandomNumberGenerator.GetBytes(8));

        Assert.True(answer.Active);
        Assert.Equal("A Registrar", answer.Audience);
        Assert.Null(answer.InputMaterial);
        Assert.Null(answer.ClientToken);
    }

    [Fact]
    public async Task A_tampered_request_is_403_and_a_reused_nonce1_is_409()
    {
        var token = await OrderAsync("SN-ACE-03", "A Registrar");
        byte[] nonce1 = RandomNumberGenerator.GetBytes(8);
        byte[] request = Sign(World.A, token, nonce1);
        byte[] tampered = [.. request];
        tampered[^1] ^= 0x01;

        using var refused = await PostAsync(tampered);
        using var first = await PostAsync(request);
        using var again = await PostAsync(Sign(World.A, token, nonce1));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_inactive_for_its_audience_and_revoking_needs_the_admin_token()
    {
        var token = await OrderAsync("SN-ACE-04", "A Registrar");

        using (var anonymous = await Masa.Client.DeleteAsync($"/ace/tokens/{token.TokenId}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        Assert.True((await IntrospectAsync(World.A, token, RandomNumberGenerator.GetBytes(8))).Active);
        using var revoked = await RevokeAsync(token.TokenId);
        using var again = await RevokeAsync(token.TokenId);
        var answer = await IntrospectAsync(World.A, token, RandomNumberGenerator.GetBytes(8));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var first = (await revoked.Content.ReadFromJsonAsync<RevokedAccessToken>(JsonSerializerOptions.Web))!;
        Assert.Equal(token.TokenId, first.TokenId);
        // Revoking twice changes nothing: the first time stands.
        Assert.Equal(first.RevokedAt, (await again.Content.ReadFromJsonAsync<RevokedAccessToken>(JsonSerializerOptions.Web))!.RevokedAt);
        Assert.False(answer.Active);
        Assert.Null(answer.InputMaterial);
        Assert.Null(answer.ClientToken);
    }

    [Theory]
    [InlineData("00112233445566778899aabbccddeeff", HttpStatusCode.NotFound)]
    [InlineData("not-hex", HttpStatusCode.BadRequest)]
    public async Task Revoking_a_token_the_AS_never_issued_is_a_problem(string tokenId, HttpStatusCode expected)
    {
        using var response = await RevokeAsync(tokenId);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> RevokeAsync(string tokenId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/ace/tokens/{tokenId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MasaServer.Token);
        return await Masa.Client.SendAsync(request);
    }

    private async Task<IssuedAccessToken> OrderAsync(string serial, string audience)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ace/tokens") { Content = JsonContent.Create(new AccessTokenOrder(serial, audience)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MasaServer.Token);
        using var response = await Masa.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IssuedAccessToken>(JsonSerializerOptions.Web))!;
    }

    private static byte[] Sign(TestDomain domain, IssuedAccessToken token, byte[] nonce1) =>
        CoseSign1.Sign(new IntrospectionRequest(WebEncoders.Base64UrlDecode(token.Token), nonce1).Encode(),
            new CoseSigner(domain.Registrar.PrivateKey, null, [domain.Registrar.CertificateDer, domain.Ca.Certificate.RawData]));

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/cose; cose-type=\"cose-sign1\"");
        return await Masa.Client.PostAsync("/ace/introspect", content);
    }

    private async Task<IntrospectionResponse> IntrospectAsync(TestDomain domain, IssuedAccessToken token, byte[] nonce1)
    {
        using var response = await PostAsync(Sign(domain, token, nonce1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var own = ECDiffieHellman.Create(domain.Registrar.PrivateKey.ExportParameters(true));
        return IntrospectionResponse.Decode(AceKeyAgreement.Open(await response.Content.ReadAsByteArrayAsync(), own));
    }

    private static ClientTokenContent ClientTokenContentOf(IntrospectionResponse answer, IssuedAccessToken token) =>
        ClientTokenContent.Decode(CoseEncrypt0.Decrypt(CoseEncrypt0.Parse(answer.ClientToken!), WebEncoders.Base64UrlDecode(token.ClientKey)));
}
