using System.Formats.Cbor;
using CsCheck;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>COSE_Sign1 (RFC 9052 section 4.2) with ES256 and EdDSA, x5chain (RFC 9360) to a trust anchor, and strict parsing.</summary>
public sealed class CoseSign1Tests(VoucherTestPki pki) : IClassFixture<VoucherTestPki>
{
    private static readonly byte[] Payload = VoucherCbor.Encode(new Voucher(VoucherAssertion.Logged, "PLEDGE-1", VoucherTestPki.Now));
    private static readonly DateTimeOffset Now = VoucherTestPki.Now;

    [Fact]
    public void Es256_signature_verifies_with_the_signer_key()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer(kid: [1, 2, 3]));

        var result = CoseSign1.Verify(signed, pki.MasaSigner.Certificate.PublicKey);

        Assert.Equal(0xD2, signed[0]);
        Assert.Equal(Payload, result.Payload);
        Assert.Equal(-7, result.Algorithm);
        Assert.Equal([1, 2, 3], result.Kid);
        Assert.Equal(pki.MasaSigner.CertificateDer, Assert.Single(result.X5Chain));
    }

    [Fact]
    public void EdDsa_signature_verifies_with_an_ed25519_public_key()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.EdDsaSigner());
        using var certificate = X509CertificateLoader.LoadCertificate(pki.MasaEd25519Certificate);

        var result = CoseSign1.Verify(signed, certificate.PublicKey);

        Assert.Equal(-8, result.Algorithm);
        Assert.Equal(Payload, result.Payload);
        Assert.Equal(Payload, CoseSign1.Verify(signed, PublicKey.CreateFromSubjectPublicKeyInfo(pki.Ed25519Spki, out _)).Payload);
    }

    [Fact]
    public void Protected_header_holds_alg_and_the_content_type()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer(), "application/voucher-cose+cbor");

        var parts = CoseMessages.Split(signed);
        var reader = new CborReader(parts.Protected);
        Assert.Equal(2, reader.ReadStartMap());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(-7, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        Assert.Equal("application/voucher-cose+cbor", reader.ReadTextString());
        Assert.Equal(Payload, CoseSign1.Verify(signed, pki.MasaSigner.Certificate.PublicKey).Payload);
    }

    [Fact]
    public void Untagged_cose_sign1_is_accepted()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());

        Assert.Equal(Payload, CoseSign1.Verify(signed.AsSpan(1), pki.MasaSigner.Certificate.PublicKey).Payload);
    }

    [Fact]
    public void Draft_example_voucher_parses_unverified()
    {
        var signed = CoseSign1.ReadUnverified(DraftExamples.SignedVoucher);

        Assert.Equal(-7, signed.Algorithm);
        Assert.Empty(signed.X5Chain);
        Assert.Null(signed.Kid);
        Assert.Equal(DraftExamples.VoucherPayload, signed.Payload);
    }

    [Fact]
    public void Tampered_payload_protected_header_or_signature_is_a_bad_signature()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());
        var (protectedHeader, _, payload, signature) = CoseMessages.Split(signed);
        var key = pki.MasaSigner.Certificate.PublicKey;
        byte[] otherPayload = [.. payload];
        otherPayload[^1] ^= 1;
        byte[] otherSignature = [.. signature];
        otherSignature[10] ^= 0x80;
        byte[] otherProtected = Convert.FromHexString("A20126036474657374"); // {1: -7, 3: "test"}

        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(CoseMessages.Build(protectedHeader, CoseMessages.EmptyMap, otherPayload, signature), key));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(CoseMessages.Build(protectedHeader, CoseMessages.EmptyMap, payload, otherSignature), key));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(CoseMessages.Build(otherProtected, CoseMessages.EmptyMap, payload, signature), key));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(CoseMessages.Build(protectedHeader, CoseMessages.EmptyMap, payload, signature[..63]), key));
        Assert.Equal(Payload, CoseSign1.Verify(CoseMessages.Build(protectedHeader, CoseMessages.EmptyMap, payload, signature), key).Payload);
    }

    [Fact]
    public void Wrong_key_is_a_bad_signature()
    {
        byte[] es256 = CoseSign1.Sign(Payload, pki.Es256Signer());
        byte[] eddsa = CoseSign1.Sign(Payload, pki.EdDsaSigner());
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(es256, VoucherTestPki.KeyOf(other)));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(es256, PublicKey.CreateFromSubjectPublicKeyInfo(pki.Ed25519Spki, out _)));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(eddsa, pki.MasaSigner.Certificate.PublicKey));
        byte[] otherEd25519 = [.. pki.Ed25519Spki];
        otherEd25519[^1] ^= 1;
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(eddsa, PublicKey.CreateFromSubjectPublicKeyInfo(otherEd25519, out _)));
    }

    [Fact]
    public void Keys_other_than_p256_and_ed25519_are_unsupported()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());
        using var rsa = RSA.Create(2048);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        VoucherAssert.Error(VoucherError.UnsupportedAlgorithm, () => CoseSign1.Verify(signed, PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _)));
        VoucherAssert.Error(VoucherError.UnsupportedAlgorithm, () => CoseSign1.Verify(signed, VoucherTestPki.KeyOf(p384)));
    }

    [Fact]
    public void Signer_certificate_chains_to_the_masa_ca()
    {
        byte[] es256 = CoseSign1.Sign(Payload, pki.Es256Signer());
        byte[] eddsa = CoseSign1.Sign(Payload, pki.EdDsaSigner());
        byte[] withCa = CoseSign1.Sign(Payload, pki.Es256Signer() with { X5Chain = [pki.MasaSigner.CertificateDer, pki.MasaCa.Certificate.RawData] });

        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(es256, pki.MasaCa.Certificate, Now).Payload);
        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(eddsa, pki.MasaCa.Certificate, Now).Payload);
        Assert.Equal(2, CoseSign1.VerifyWithAnchor(withCa, pki.MasaCa.Certificate, Now).X5Chain.Count);
    }

    [Fact]
    public void Signer_that_is_the_anchor_or_no_x5chain_verifies_with_the_anchor_key()
    {
        byte[] selfCertified = CoseSign1.Sign(Payload, new CoseSigner(pki.MasaSigner.PrivateKey, null, [pki.MasaSigner.CertificateDer]));
        byte[] bare = CoseSign1.Sign(Payload, pki.Es256Signer(withChain: false));

        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(selfCertified, pki.MasaSigner.Certificate, Now).Payload);
        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(bare, pki.MasaSigner.Certificate, Now).Payload);
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.VerifyWithAnchor(bare, pki.OtherSigner.Certificate, Now));
    }

    [Fact]
    public void Signer_from_another_ca_is_untrusted()
    {
        byte[] other = CoseSign1.Sign(Payload, new CoseSigner(pki.OtherSigner.PrivateKey, null, [pki.OtherSigner.CertificateDer]));
        byte[] mine = CoseSign1.Sign(Payload, pki.Es256Signer());

        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(other, pki.MasaCa.Certificate, Now));
        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(mine, pki.OtherCa.Certificate, Now));
    }

    [Fact]
    public void Signer_certificate_outside_its_validity_is_untrusted()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());

        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now.AddYears(3)));
        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now.AddDays(-2)));
    }

    [Fact]
    public void A_chain_verified_before_is_still_checked_for_time_signature_and_anchor()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());
        byte[] forged = CoseSign1.Sign(Payload, new CoseSigner(pki.OtherSigner.PrivateKey, null, [pki.MasaSigner.CertificateDer]));

        // The first verification remembers the chain; the same x5chain must still be refused where it was refused before.
        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now).Payload);
        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now).Payload);
        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now.AddYears(3)));
        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now.AddDays(-2)));
        VoucherAssert.Error(VoucherError.UntrustedSigner, () => CoseSign1.VerifyWithAnchor(signed, pki.OtherCa.Certificate, Now));
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.VerifyWithAnchor(forged, pki.MasaCa.Certificate, Now));
        Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now).Payload);
    }

    [Fact]
    public void Verify_with_certificate_bytes_checks_the_signature_every_time()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer());
        byte[] forged = CoseSign1.Sign(Payload, new CoseSigner(pki.OtherSigner.PrivateKey, null, [pki.MasaSigner.CertificateDer]));

        Assert.Equal(Payload, CoseSign1.Verify(signed, pki.MasaSigner.CertificateDer).Payload);
        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.Verify(forged, pki.MasaSigner.CertificateDer));
        Assert.Equal(Payload, CoseSign1.Verify(signed, pki.MasaSigner.CertificateDer).Payload);
        VoucherAssert.Error(VoucherError.Malformed, () => CoseSign1.Verify(signed, [0x30, 0x03, 0x02, 0x01, 0x00]));
    }

    [Fact]
    public void Valid_signature_by_a_certificate_with_a_forged_chain_is_rejected()
    {
        // The other CA's signer presents the MASA signer's certificate: the chain is good, the key is not the signer's.
        byte[] forged = CoseSign1.Sign(Payload, new CoseSigner(pki.OtherSigner.PrivateKey, null, [pki.MasaSigner.CertificateDer]));

        VoucherAssert.Error(VoucherError.BadSignature, () => CoseSign1.VerifyWithAnchor(forged, pki.MasaCa.Certificate, Now));
    }

    public static TheoryData<string, byte[], VoucherError> MalformedMessages()
    {
        byte[] alg = Convert.FromHexString("A10126");
        byte[] signature = new byte[64];
        return new()
        {
            { "empty", [], VoucherError.Malformed },
            { "truncated", CoseMessages.Build(alg, CoseMessages.EmptyMap, Payload, signature)[..^3], VoucherError.Malformed },
            { "trailing byte", [.. CoseMessages.Build(alg, CoseMessages.EmptyMap, Payload, signature), 0x00], VoucherError.Malformed },
            { "COSE_Sign tag 98", CoseMessages.Build(alg, CoseMessages.EmptyMap, Payload, signature, tag: 98), VoucherError.Malformed },
            { "array of three", Convert.FromHexString("D28343A10126A040"), VoucherError.Malformed },
            { "not an array", Convert.FromHexString("D2A0"), VoucherError.Malformed },
            { "detached payload", CoseMessages.Build(alg, CoseMessages.EmptyMap, null, signature), VoucherError.Malformed },
            { "empty protected header", CoseMessages.Build([], CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "protected header without alg", CoseMessages.Build(Convert.FromHexString("A10442AABB"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "protected header not a map", CoseMessages.Build(Convert.FromHexString("820126"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "protected header not CBOR", CoseMessages.Build(Convert.FromHexString("A101"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "protected header with trailing item", CoseMessages.Build(Convert.FromHexString("A1012601"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "protected header long-form key", CoseMessages.Build(Convert.FromHexString("A1180126"), CoseMessages.EmptyMap, Payload, signature), VoucherError.NonDeterministicEncoding },
            { "protected header unsorted", CoseMessages.Build(Convert.FromHexString("A2044101 0126".Replace(" ", "", StringComparison.Ordinal)), CoseMessages.EmptyMap, Payload, signature), VoucherError.NonDeterministicEncoding },
            { "alg ES384", CoseMessages.Build(Convert.FromHexString("A1013822"), CoseMessages.EmptyMap, Payload, signature), VoucherError.UnsupportedAlgorithm },
            { "alg as text", CoseMessages.Build(Convert.FromHexString("A1016545533235 36".Replace(" ", "", StringComparison.Ordinal)), CoseMessages.EmptyMap, Payload, signature), VoucherError.UnsupportedAlgorithm },
            { "unknown critical header", CoseMessages.Build(Convert.FromHexString("A3012602811901F41901F401"), CoseMessages.EmptyMap, Payload, signature), VoucherError.UnknownKey },
            { "critical text label", CoseMessages.Build(Convert.FromHexString("A30126028161786178 01".Replace(" ", "", StringComparison.Ordinal)), CoseMessages.EmptyMap, Payload, signature), VoucherError.UnknownKey },
            { "crit names an absent label", CoseMessages.Build(Convert.FromHexString("A20126028104"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "empty crit", CoseMessages.Build(Convert.FromHexString("A201260280"), CoseMessages.EmptyMap, Payload, signature), VoucherError.Malformed },
            { "alg in both headers", CoseMessages.Build(alg, w => { w.WriteStartMap(1); w.WriteInt32(1); w.WriteInt32(-7); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "crit unprotected", CoseMessages.Build(alg, w => { w.WriteStartMap(1); w.WriteInt32(2); w.WriteStartArray(1); w.WriteInt32(4); w.WriteEndArray(); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "unprotected not a map", CoseMessages.Build(alg, w => w.WriteByteString([]), Payload, signature), VoucherError.Malformed },
            { "unprotected duplicate label", CoseMessages.Build(alg, w => { w.WriteStartMap(2); w.WriteInt32(4); w.WriteByteString([1]); w.WriteInt32(4); w.WriteByteString([2]); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "x5chain as text", CoseMessages.Build(alg, w => { w.WriteStartMap(1); w.WriteInt32(33); w.WriteTextString("cert"); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "x5chain empty array", CoseMessages.Build(alg, w => { w.WriteStartMap(1); w.WriteInt32(33); w.WriteStartArray(0); w.WriteEndArray(); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "kid as text", CoseMessages.Build(alg, w => { w.WriteStartMap(1); w.WriteInt32(4); w.WriteTextString("kid"); w.WriteEndMap(); }, Payload, signature), VoucherError.Malformed },
            { "payload as text", Convert.FromHexString("D28443A10126A0617858400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"), VoucherError.Malformed },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public void Malformed_cose_sign1_gives_its_typed_error(string name, byte[] message, VoucherError expected)
    {
        VoucherAssert.Error(expected, () => CoseSign1.ReadUnverified(message), name);
    }

    [Fact]
    public void Understood_critical_header_and_unknown_non_critical_headers_are_accepted()
    {
        byte[] protectedHeader = Convert.FromHexString("A30126028103036474657374"); // {1: -7, 2: [3], 3: "test"}
        byte[] message = CoseMessages.Build(protectedHeader, w => { w.WriteStartMap(1); w.WriteInt32(99); w.WriteTextString("ignored"); w.WriteEndMap(); }, Payload, new byte[64]);

        Assert.Equal(Payload, CoseSign1.ReadUnverified(message).Payload);
    }

    [Fact]
    public void Garbage_in_x5chain_is_malformed_when_verifying_with_an_anchor()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer() with { X5Chain = [[0x30, 0x03, 0x02, 0x01, 0x01]] });

        VoucherAssert.Error(VoucherError.Malformed, () => CoseSign1.VerifyWithAnchor(signed, pki.MasaCa.Certificate, Now));
    }

    [Fact]
    public void Mutated_messages_give_only_voucher_exceptions()
    {
        byte[] signed = CoseSign1.Sign(Payload, pki.Es256Signer(kid: [7]));
        VoucherAssert.Mutations(signed).Sample(input =>
        {
            try
            {
                // Only the unprotected header (here kid) may change and still verify: the payload never.
                Assert.Equal(Payload, CoseSign1.VerifyWithAnchor(input, pki.MasaCa.Certificate, Now).Payload);
            }
            catch (VoucherException)
            {
            }
        }, iter: 1500);
    }

}
