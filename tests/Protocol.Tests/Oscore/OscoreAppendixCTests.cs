using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;
using static Eals.Protocol.Tests.Oscore.OscoreTestContexts;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>RFC 8613 appendix C, every printed value, byte for byte.</summary>
public sealed class OscoreAppendixCTests
{
    [Fact]
    public void C1_1_key_derivation_with_master_salt_client()
    {
        var keys = OscoreKeyDerivation.Derive(C1Client);

        Assert.Equal("8540f60a634b657910", Hex(OscoreKeyDerivation.BuildInfo([], null, "Key", 16)));
        Assert.Equal("854101f60a634b657910", Hex(OscoreKeyDerivation.BuildInfo([0x01], null, "Key", 16)));
        Assert.Equal("8540f60a6249560d", Hex(OscoreKeyDerivation.BuildInfo([], null, "IV", 13)));
        Assert.Equal("f0910ed7295e6ad4b54fc793154302ff", Hex(keys.SenderKey));
        Assert.Equal("ffb14e093c94c9cac9471648b4f98710", Hex(keys.RecipientKey));
        Assert.Equal("4622d4dd6d944168eefb54987c", Hex(keys.CommonIv));
        Assert.Equal("4622d4dd6d944168eefb54987c", Hex(OscoreNonce.Compute(keys.CommonIv, [], [0x00])));
        Assert.Equal("4722d4dd6d944169eefb54987c", Hex(OscoreNonce.Compute(keys.CommonIv, [0x01], [0x00])));
    }

    [Fact]
    public void C1_2_server_keys_mirror_the_client()
    {
        var keys = OscoreKeyDerivation.Derive(C1Server);

        Assert.Equal("ffb14e093c94c9cac9471648b4f98710", Hex(keys.SenderKey));
        Assert.Equal("f0910ed7295e6ad4b54fc793154302ff", Hex(keys.RecipientKey));
        Assert.Equal("4622d4dd6d944168eefb54987c", Hex(keys.CommonIv));
    }

    [Fact]
    public void C2_key_derivation_without_master_salt()
    {
        var client = OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x00 }, new byte[] { 0x01 }));
        var server = OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x01 }, new byte[] { 0x00 }));

        Assert.Equal("854100f60a634b657910", Hex(OscoreKeyDerivation.BuildInfo([0x00], null, "Key", 16)));
        Assert.Equal("321b26943253c7ffb6003b0b64d74041", Hex(client.SenderKey));
        Assert.Equal("e57b5635815177cd679ab4bcec9d7dda", Hex(client.RecipientKey));
        Assert.Equal("be35ae297d2dace910c52e99f9", Hex(client.CommonIv));
        Assert.Equal("bf35ae297d2dace910c52e99f9", Hex(OscoreNonce.Compute(client.CommonIv, [0x00], [0x00])));
        Assert.Equal("bf35ae297d2dace810c52e99f9", Hex(OscoreNonce.Compute(client.CommonIv, [0x01], [0x00])));
        Assert.Equal(Hex(client.SenderKey), Hex(server.RecipientKey));
    }

    [Fact]
    public void C2_an_empty_master_salt_equals_an_absent_one()
    {
        var absent = OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x00 }, new byte[] { 0x01 }));
        var empty = OscoreKeyDerivation.Derive(new OscoreContextParameters(MasterSecret, new byte[] { 0x00 }, new byte[] { 0x01 }, MasterSalt: []));

        Assert.Equal(absent.SenderKey, empty.SenderKey);
        Assert.Equal(absent.CommonIv, empty.CommonIv);
    }

    [Fact]
    public void C3_key_derivation_with_id_context()
    {
        var keys = OscoreKeyDerivation.Derive(C1Client with { IdContext = IdContext });

        Assert.Equal("85404837cbf3210017a2d30a634b657910", Hex(OscoreKeyDerivation.BuildInfo([], IdContext, "Key", 16)));
        Assert.Equal("8541014837cbf3210017a2d30a634b657910", Hex(OscoreKeyDerivation.BuildInfo([0x01], IdContext, "Key", 16)));
        Assert.Equal("85404837cbf3210017a2d30a6249560d", Hex(OscoreKeyDerivation.BuildInfo([], IdContext, "IV", 13)));
        Assert.Equal("af2a1300a5e95788b356336eeecd2b92", Hex(keys.SenderKey));
        Assert.Equal("e39a0c7c77b43f03b4b39ab9a268699f", Hex(keys.RecipientKey));
        Assert.Equal("2ca58fb85ff1b81c0b7181b85e", Hex(keys.CommonIv));
        Assert.Equal("2da58fb85ff1b81d0b7181b85e", Hex(OscoreNonce.Compute(keys.CommonIv, [0x01], [0x00])));
    }

    [Fact]
    public void An_empty_id_context_derives_other_keys_than_an_absent_one()
    {
        var absent = OscoreKeyDerivation.Derive(C1Client);
        var empty = OscoreKeyDerivation.Derive(C1Client with { IdContext = [] });

        Assert.Equal("854040" + "0a634b657910", Hex(OscoreKeyDerivation.BuildInfo([], [], "Key", 16)));
        Assert.NotEqual(Hex(absent.SenderKey), Hex(empty.SenderKey));
        Assert.NotEqual(Hex(absent.CommonIv), Hex(empty.CommonIv));
    }

    [Fact]
    public void C4_request_with_empty_sender_id()
    {
        using var client = StartedAt(C1Client, 20);

        var protection = Protect(client, GetTv1());

        Assert.Equal("8501810a40411440", Hex(protection.AadArray));
        Assert.Equal("8368456e63727970743040488501810a40411440", Hex(protection.Aad));
        Assert.Equal("01b3747631", Hex(protection.Plaintext));
        Assert.Equal("4622d4dd6d944168eefb549868", Hex(protection.Nonce));
        Assert.Equal("0914", Hex(protection.OptionValue));
        Assert.Equal("612f1092f1776f1c1668b3825e", Hex(protection.Ciphertext));
        Assert.Equal("44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e", Wire(protection.Message));
        Assert.Equal(21UL, client.SenderSequenceNumber);
    }

    [Fact]
    public void C4_server_recovers_the_request()
    {
        using var server = Create(C1Server);

        var verified = server.UnprotectRequest(Parse("44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e"));

        Assert.True(verified.IsSuccess, verified.ToString());
        Assert.Equal("44015d1f00003974396c6f63616c686f737483747631", Wire(verified.Value.Message));
        Assert.Equal("", Hex(verified.Value.Binding.RequestKid));
        Assert.Equal("14", Hex(verified.Value.Binding.RequestPartialIv));
    }

    [Fact]
    public void C5_request_with_sender_id_00_and_no_master_salt()
    {
        var parameters = new OscoreContextParameters(MasterSecret, new byte[] { 0x00 }, new byte[] { 0x01 });
        using var client = StartedAt(parameters, 20);

        var protection = Protect(client, Parse("440171c30000b932396c6f63616c686f737483747631"));

        Assert.Equal("8501810a4100411440", Hex(protection.AadArray));
        Assert.Equal("bf35ae297d2dace910c52e99ed", Hex(protection.Nonce));
        Assert.Equal("091400", Hex(protection.OptionValue));
        Assert.Equal("4ed339a5a379b0b8bc731fffb0", Hex(protection.Ciphertext));
        Assert.Equal("440271c30000b932396c6f63616c686f737463091400ff4ed339a5a379b0b8bc731fffb0", Wire(protection.Message));
    }

    [Fact]
    public void C6_request_with_kid_context()
    {
        using var client = StartedAt(C1Client with { IdContext = IdContext }, 20);

        var protection = Protect(client, Parse("44012f8eef9bbf7a396c6f63616c686f737483747631"), includeKidContext: true);

        Assert.Equal("2ca58fb85ff1b81c0b7181b84a", Hex(protection.Nonce));
        Assert.Equal("19140837cbf3210017a2d3", Hex(protection.OptionValue));
        Assert.Equal("72cd7273fd331ac45cffbe55c3", Hex(protection.Ciphertext));
        Assert.Equal("44022f8eef9bbf7a396c6f63616c686f73746b19140837cbf3210017a2d3ff72cd7273fd331ac45cffbe55c3", Wire(protection.Message));
    }

    [Fact]
    public void C7_response_without_partial_iv_reuses_the_request_nonce()
    {
        using var server = Create(C1Server);
        var binding = new OscoreRequestBinding([], [0x14]);

        var protection = ProtectResponse(server, Parse("64455d1f00003974ff48656c6c6f20576f726c6421"), binding);

        Assert.Equal("8501810a40411440", Hex(protection.AadArray));
        Assert.Equal("45ff48656c6c6f20576f726c6421", Hex(protection.Plaintext));
        Assert.Equal("4622d4dd6d944168eefb549868", Hex(protection.Nonce));
        Assert.Equal("", Hex(protection.OptionValue));
        Assert.Equal("dbaad1e9a7e7b2a813d3c31524378303cdafae119106", Hex(protection.Ciphertext));
        Assert.Equal("64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106", Wire(protection.Message));
        Assert.Equal(0UL, server.SenderSequenceNumber);
    }

    [Fact]
    public void C8_response_with_partial_iv_uses_the_server_nonce()
    {
        using var server = Create(C1Server);
        var binding = new OscoreRequestBinding([], [0x14]);

        var protection = ProtectResponse(server, Parse("64455d1f00003974ff48656c6c6f20576f726c6421"), binding, includePartialIv: true);

        Assert.Equal("4722d4dd6d944169eefb54987c", Hex(protection.Nonce));
        Assert.Equal("0100", Hex(protection.OptionValue));
        Assert.Equal("4d4c13669384b67354b2b6175ff4b8658c666a6cf88e", Hex(protection.Ciphertext));
        Assert.Equal("64445d1f00003974920100ff4d4c13669384b67354b2b6175ff4b8658c666a6cf88e", Wire(protection.Message));
        Assert.Equal(1UL, server.SenderSequenceNumber);
    }

    [Theory]
    [InlineData("64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106")]
    [InlineData("64445d1f00003974920100ff4d4c13669384b67354b2b6175ff4b8658c666a6cf88e")]
    public void C7_C8_client_recovers_the_response(string protectedResponse)
    {
        using var client = Create(C1Client);

        var verified = client.UnprotectResponse(Parse(protectedResponse), new OscoreRequestBinding([], [0x14]));

        Assert.True(verified.IsSuccess, verified.ToString());
        Assert.Equal("64455d1f00003974ff48656c6c6f20576f726c6421", Wire(verified.Value));
        Assert.Equal(CoapCode.Content, verified.Value.Code);
    }

    [Fact]
    public void A_response_checked_against_another_request_fails()
    {
        using var client = Create(C1Client);

        var verified = client.UnprotectResponse(Parse("64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106"), new OscoreRequestBinding([], [0x15]));

        Assert.Equal(OscoreErrorKind.DecryptionFailed, verified.Error?.Kind);
    }
}
