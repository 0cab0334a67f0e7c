using System.Formats.Cbor;
using Eals.Protocol.Ace;

namespace Eals.Protocol.Tests.Ace;

/// <summary>The ACE route's CBOR messages byte for byte (RFC 9203 section 4, RFC 9200 section 5.9, RFC 8392), and their refusals.</summary>
public sealed class AceMessageTests
{
    private static readonly OscoreInputMaterial Material = new([0x11, 0x22], Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), [0xAA, 0xBB]);

    [Fact]
    public void The_authz_info_request_is_the_RFC_9203_map()
    {
        var request = new AuthzInfoRequest([0x01, 0x02], [0, 1, 2, 3, 4, 5, 6, 7], [0x01]);

        // { 1: h'0102', 40: h'0001020304050607', 43: h'01' }
        Assert.Equal("A3014201021828480001020304050607182B4101", Convert.ToHexString(request.Encode()));
        Assert.Equal(request.Nonce1, AuthzInfoRequest.Decode(request.Encode()).Nonce1);
    }

    [Fact]
    public void The_authz_info_response_carries_nonce2_the_recipient_id_and_the_client_token()
    {
        var response = new AuthzInfoResponse([9, 9, 9, 9, 9, 9, 9, 9], [0x42], [0xC0]);

        // { 42: h'0909090909090909', 44: h'42', -65537: h'C0' }
        Assert.Equal("A3182A480909090909090909182C41423A0001000041C0", Convert.ToHexString(response.Encode()));
        var decoded = AuthzInfoResponse.Decode(response.Encode());
        Assert.Equal(response.ServerRecipientId, decoded.ServerRecipientId);
        Assert.Equal(response.ClientToken, decoded.ClientToken);
    }

    [Fact]
    public void The_master_salt_is_salt_nonce1_and_nonce2_as_cbor_byte_strings()
    {
        Assert.Equal("42AABB420102420304", Convert.ToHexString(AceOscoreDerivation.MasterSalt([0xAA, 0xBB], [0x01, 0x02], [0x03, 0x04])));
    }

    [Fact]
    public void Client_and_server_derive_mirrored_contexts()
    {
        byte[] n1 = [1, 1, 1, 1, 1, 1, 1, 1], n2 = [2, 2, 2, 2, 2, 2, 2, 2], clientId = [0x07], serverId = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];

        var client = AceOscoreDerivation.ForClient(Material, n1, n2, clientId, serverId);
        var server = AceOscoreDerivation.ForServer(Material, n1, n2, clientId, serverId);

        Assert.Equal(server.SenderId.ToArray(), client.RecipientId.ToArray());
        Assert.Equal(server.RecipientId.ToArray(), client.SenderId.ToArray());
        Assert.Equal(server.MasterSalt, client.MasterSalt);
        var clientKeys = Eals.Protocol.Oscore.OscoreKeyDerivation.Derive(client);
        var serverKeys = Eals.Protocol.Oscore.OscoreKeyDerivation.Derive(server);
        Assert.Equal(clientKeys.SenderKey.ToArray(), serverKeys.RecipientKey.ToArray());
        Assert.Equal(clientKeys.CommonIv.ToArray(), serverKeys.CommonIv.ToArray());
    }

    [Fact]
    public void Token_claims_introspection_and_client_token_round_trip_and_never_show_the_master_secret()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var claims = new AccessTokenClaims("AS", "EALS-1", "registrar", expires, expires.AddDays(-1), [0xC7], "/eals");
        var introspection = new IntrospectionResponse(true, "EALS-1", "registrar", "/eals", expires, Material, [0xCC], "AS");
        var content = new ClientTokenContent("EALS-1", "registrar", expires, Material, [0x99]);

        var decodedClaims = AccessTokenClaims.Decode(claims.Encode());
        Assert.Equal((claims.Issuer, claims.Subject, claims.Audience, claims.ExpiresAt, claims.IssuedAt, claims.Scope),
            (decodedClaims.Issuer, decodedClaims.Subject, decodedClaims.Audience, decodedClaims.ExpiresAt, decodedClaims.IssuedAt, decodedClaims.Scope));
        Assert.Equal(claims.TokenId, decodedClaims.TokenId);
        var decoded = IntrospectionResponse.Decode(introspection.Encode());
        Assert.Equal(Material.MasterSecret, decoded.InputMaterial!.MasterSecret);
        Assert.Equal(Material.Salt, decoded.InputMaterial.Salt);
        Assert.Equal("AS", decoded.Issuer);
        Assert.Equal(expires, decoded.ExpiresAt);
        Assert.Equal([0x99], ClientTokenContent.Decode(content.Encode()).Voucher);
        string secretHex = Convert.ToHexString(Material.MasterSecret);
        Assert.DoesNotContain(secretHex, introspection.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secretHex, content.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secretHex, Material.ToString(), StringComparison.OrdinalIgnoreCase);
        // An inactive answer is { 10: false } and nothing else.
        Assert.Equal("A10AF4", Convert.ToHexString(IntrospectionResponse.Inactive.Encode()));
    }

    [Theory]
    [InlineData("A301420102182843000102182B4101", "nonce1 must be at least 8")]  // nonce1 too short
    [InlineData("A301420102014201021828480001020304050607", "")]                  // label 1 twice
    [InlineData("A3014201021828480001020304050607182B410100", "follow")]          // a byte after the map
    [InlineData("A2014201021828480001020304050607", "label 43 is missing")]      // no ace_client_recipientid
    [InlineData("A30161411828480001020304050607182B4101", "wrong type")]         // a text string as the token
    [InlineData("FF", "")]                                                          // not CBOR
    public void Malformed_authz_info_requests_are_refused(string hex, string expected)
    {
        var exception = Assert.Throws<AceFormatException>(() => AuthzInfoRequest.Decode(Convert.FromHexString(hex)));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_material_with_a_short_master_secret_is_refused()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteInt32(AceLabels.Confirmation);
        writer.WriteStartMap(1);
        writer.WriteInt32(AceLabels.Osc);
        new OscoreInputMaterial([1], [1, 2, 3], []).Write(writer);
        writer.WriteEndMap();
        writer.WriteEndMap();
        byte[] encoded = writer.Encode();
        encoded = [.. Convert.FromHexString("A20AF5"), .. encoded[1..]];

        Assert.Throws<AceFormatException>(() => IntrospectionResponse.Decode(encoded));
    }
}
