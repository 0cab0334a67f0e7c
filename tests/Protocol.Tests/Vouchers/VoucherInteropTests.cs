using System.Security.Cryptography;
using System.Text.Json;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>
/// Interop with independent implementations: npm cose-js (COSE_Sign1 ES256 both ways; it has no EdDSA, so
/// node's own Ed25519 over a Sig_structure built by npm cbor checks ours), and npm cbor decoding our voucher.
/// </summary>
public sealed class VoucherInteropTests(VoucherTestPki pki) : IClassFixture<VoucherTestPki>
{
    private static readonly DateTimeOffset Now = VoucherTestPki.Now;

    private Voucher Sample => new(VoucherAssertion.Proximity, "JADA123456789", new DateTimeOffset(2026, 11, 25, 16, 0, 0, 250, TimeSpan.Zero),
        IdevidIssuer: [0x04, 0x14, 0xAA], PinnedDomainCert: pki.DomainCa.Certificate.RawData, Nonce: [1, 2, 3, 4, 5, 6, 7, 8],
        ExpiresOn: new DateTimeOffset(2026, 12, 9, 16, 0, 0, TimeSpan.Zero), DomainCertRevocationChecks: false);

    [Fact]
    public void Cose_js_verifies_our_es256_voucher()
    {
        byte[] payload = VoucherCbor.Encode(Sample);
        byte[] signed = CoseSign1.Sign(payload, pki.Es256Signer(kid: [0x6B]));
        var q = pki.MasaSigner.PrivateKey.ExportParameters(false).Q;

        var result = NodePeer.Run("verify-es256", Convert.ToHexString(signed), Convert.ToHexString(q.X!), Convert.ToHexString(q.Y!));

        Assert.Equal(payload, Convert.FromHexString(result.GetProperty("payload").GetString()!));
    }

    [Fact]
    public void Cose_js_refuses_our_voucher_with_a_flipped_bit()
    {
        byte[] signed = CoseSign1.Sign(VoucherCbor.Encode(Sample), pki.Es256Signer());
        signed[^70] ^= 1;
        var q = pki.MasaSigner.PrivateKey.ExportParameters(false).Q;

        string error = NodePeer.RunRefused("verify-es256", Convert.ToHexString(signed), Convert.ToHexString(q.X!), Convert.ToHexString(q.Y!));

        Assert.Contains("Signature missmatch", error, StringComparison.Ordinal); // cose-js's own spelling
    }

    [Fact]
    public void We_verify_a_voucher_cose_js_signed()
    {
        byte[] payload = VoucherCbor.Encode(Sample);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] d = key.ExportParameters(true).D!;

        var result = NodePeer.Run("sign-es256", Convert.ToHexString(payload), Convert.ToHexString(d), "masa-1");
        byte[] signed = Convert.FromHexString(result.GetProperty("cose").GetString()!);

        var verified = CoseSign1.Verify(signed, VoucherTestPki.KeyOf(key));
        Assert.Equal(payload, verified.Payload);
        Assert.Equal("masa-1"u8.ToArray(), verified.Kid);
        Assert.Equal(-7, verified.Algorithm);
        VoucherGenerators.AssertSame(Sample, VoucherCbor.DecodeVoucher(verified.Payload));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(VoucherError.BadSignature, Assert.Throws<VoucherException>(() => CoseSign1.Verify(signed, VoucherTestPki.KeyOf(other))).Error);
    }

    [Fact]
    public void Node_crypto_verifies_our_eddsa_voucher()
    {
        byte[] payload = VoucherCbor.Encode(Sample);
        byte[] signed = CoseSign1.Sign(payload, pki.EdDsaSigner());

        var result = NodePeer.Run("verify-eddsa", Convert.ToHexString(signed), Convert.ToHexString(pki.Ed25519Spki));

        Assert.Equal(payload, Convert.FromHexString(result.GetProperty("payload").GetString()!));
    }

    [Fact]
    public void Cbor_decodes_our_voucher_to_the_sid_map()
    {
        var voucher = Sample;

        var value = NodePeer.Run("decode", Convert.ToHexString(VoucherCbor.Encode(voucher))).GetProperty("value");

        var outer = Assert.Single(value.EnumerateArray());
        Assert.Equal(2451, outer[0].GetInt32());
        var leaves = outer[1].EnumerateArray().ToDictionary(pair => pair[0].GetInt32(), pair => pair[1]);
        Assert.Equal([1, 2, 3, 4, 5, 7, 8, 11], leaves.Keys.Order());
        Assert.Equal(2, leaves[1].GetInt32());
        Assert.Equal("2026-11-25T16:00:00.25Z", leaves[2].GetString());
        Assert.Equal(JsonValueKind.False, leaves[3].ValueKind);
        Assert.Equal("2026-12-09T16:00:00Z", leaves[4].GetString());
        Assert.Equal("0414aa", Hex(leaves[5]));
        Assert.Equal("0102030405060708", Hex(leaves[7]));
        Assert.Equal(Convert.ToHexStringLower(pki.DomainCa.Certificate.RawData), Hex(leaves[8]));
        Assert.Equal("JADA123456789", leaves[11].GetString());
    }

    [Fact]
    public void Cbor_decodes_our_voucher_request_to_the_sid_map()
    {
        var request = new VoucherRequest("JADA123456789", VoucherAssertion.Proximity, Nonce: [9, 9], ProximityRegistrarCert: [0x30, 0x00]);

        var value = NodePeer.Run("decode", Convert.ToHexString(VoucherCbor.Encode(request))).GetProperty("value");

        var outer = Assert.Single(value.EnumerateArray());
        Assert.Equal(2501, outer[0].GetInt32());
        var leaves = outer[1].EnumerateArray().ToDictionary(pair => pair[0].GetInt32(), pair => pair[1]);
        Assert.Equal([1, 7, 10, 13], leaves.Keys.Order());
        Assert.Equal("0909", Hex(leaves[7]));
        Assert.Equal("3000", Hex(leaves[10]));
        Assert.Equal("JADA123456789", leaves[13].GetString());
    }

    private static string Hex(JsonElement bytes) => bytes.GetProperty("hex").GetString()!;
}
