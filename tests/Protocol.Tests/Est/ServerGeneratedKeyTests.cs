using System.Security.Cryptography;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;

namespace Eals.Protocol.Tests.Est;

/// <summary>/skg payloads (RFC 9148 section 4.8): [284 key, 287/281 certificate]; the pledge checks both.</summary>
public sealed class ServerGeneratedKeyTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private readonly ECDsa _generated = TestPki.NewP256Key();

    [Fact]
    public void The_response_is_the_key_then_the_certificate_and_the_pledge_opens_both_forms()
    {
        var issued = IssueFor(_generated);
        byte[] pkcs8 = _generated.ExportPkcs8PrivateKey();

        var plain = ServerGeneratedKey.Encode(pkcs8, CoapContentFormat.PkixCert, issued.Der);
        var (_, cms) = EnrollmentResponse.Encode(CoapContentFormat.Pkcs7CertsOnly, issued.Der, pki.DomainCa.Certificate);
        var withChain = ServerGeneratedKey.Encode(pkcs8, CoapContentFormat.Pkcs7CertsOnly, cms);

        Assert.Equal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs8, pkcs8), new MultipartPart(CoapContentFormat.PkixCert, issued.Der)]), plain);
        foreach (var payload in new[] { plain, withChain })
        {
            var (certificate, key) = ServerGeneratedKey.Open(payload, pki.DomainCa.Certificate);
            using (certificate)
            using (key)
            {
                Assert.Equal(issued.Der, certificate.RawData);
                Assert.Equal(pkcs8, key.ExportPkcs8PrivateKey());
            }
        }
    }

    [Fact]
    public void The_parts_may_come_in_either_order()
    {
        var issued = IssueFor(_generated);
        var reversed = MultipartCore.Encode([new MultipartPart(CoapContentFormat.PkixCert, issued.Der), new MultipartPart(CoapContentFormat.Pkcs8, _generated.ExportPkcs8PrivateKey())]);

        var (certificate, key) = ServerGeneratedKey.Open(reversed, pki.DomainCa.Certificate);

        using (certificate)
        using (key)
        {
            Assert.Equal(issued.Der, certificate.RawData);
        }
    }

    [Fact]
    public void A_key_the_certificate_does_not_certify_is_refused()
    {
        using var other = TestPki.NewP256Key();
        var issued = IssueFor(_generated);
        var payload = ServerGeneratedKey.Encode(other.ExportPkcs8PrivateKey(), CoapContentFormat.PkixCert, issued.Der);

        Assert.Equal(EstFormatError.NotForThisKey, Assert.Throws<EstFormatException>(() => ServerGeneratedKey.Open(payload, pki.DomainCa.Certificate)).Error);
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused()
    {
        var issued = IssueFor(_generated);
        var payload = ServerGeneratedKey.Encode(_generated.ExportPkcs8PrivateKey(), CoapContentFormat.PkixCert, issued.Der);

        Assert.Equal(EstFormatError.NotFromDomainCa, Assert.Throws<EstFormatException>(() => ServerGeneratedKey.Open(payload, pki.ManufacturerCa.Certificate)).Error);
    }

    [Fact]
    public void Missing_extra_encrypted_or_unusable_parts_are_refused()
    {
        var issued = IssueFor(_generated);
        byte[] pkcs8 = _generated.ExportPkcs8PrivateKey();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Equal(EstFormatError.Malformed, Refusal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.PkixCert, issued.Der)])));
        Assert.Equal(EstFormatError.Malformed, Refusal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs8, pkcs8), new MultipartPart(CoapContentFormat.Pkcs8, pkcs8)])));
        Assert.Equal(EstFormatError.Malformed, Refusal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs8, null), new MultipartPart(CoapContentFormat.PkixCert, issued.Der)])));
        Assert.Equal(EstFormatError.Malformed, Refusal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs8, pkcs8), new MultipartPart(CoapContentFormat.PkixCert, issued.Der), new MultipartPart(0, null)])));
        Assert.Equal(EstFormatError.UnsupportedContentFormat, Refusal(MultipartCore.Encode([new MultipartPart(CoapContentFormat.Pkcs7ServerGeneratedKey, pkcs8), new MultipartPart(CoapContentFormat.PkixCert, issued.Der)])));
        Assert.Equal(EstFormatError.Malformed, Refusal(ServerGeneratedKey.Encode(new byte[] { 0x30, 0x00 }, CoapContentFormat.PkixCert, issued.Der)));
        Assert.Equal(EstFormatError.Malformed, Refusal(ServerGeneratedKey.Encode(p384.ExportPkcs8PrivateKey(), CoapContentFormat.PkixCert, issued.Der)));
        Assert.Equal(EstFormatError.UnsupportedContentFormat, Assert.Throws<EstFormatException>(() => ServerGeneratedKey.Encode(pkcs8, CoapContentFormat.Cbor, issued.Der)).Error);
    }

    [Fact]
    public void A_template_csr_keeps_its_subject_but_not_its_key_or_signature()
    {
        using var template = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(template, "SKG-1");
        der[^1] ^= 0x01; // RFC 9148 section 4.8: the server ignores the signature...

        var csr = CsrParser.ParseTemplate(der, new System.Security.Cryptography.X509Certificates.PublicKey(_generated));

        Assert.Equal("SKG-1", csr.SerialNumber);
        // ...and the key: the certificate is for the generated one.
        Assert.Equal(_generated.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(PkiError.BadSignature, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CsrParser.ParseTemplate(der[..^3], new System.Security.Cryptography.X509Certificates.PublicKey(_generated))).Error);
    }

    [Theory]
    [InlineData(PkiOids.DecryptKeyIdentifier, true)]
    [InlineData(PkiOids.AsymmetricDecryptKeyIdentifier, true)]
    [InlineData("1.2.840.113549.1.9.7", false)] // challengePassword: no encryption asked for
    public void A_template_naming_a_decrypt_key_identifier_asks_for_an_encrypted_key(string attribute, bool encrypted)
    {
        var template = EncryptedKeyTemplate(_generated, "SKG-2", attribute);

        var csr = CsrParser.ParseTemplate(template, new System.Security.Cryptography.X509Certificates.PublicKey(_generated));

        Assert.Equal(encrypted, csr.AsksForEncryptedKey);
        Assert.Contains(attribute, csr.AttributeOids);
        Assert.False(CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(_generated, "SKG-2")).AsksForEncryptedKey);
    }

    /// <summary>A template CSR with one extra attribute (an OCTET STRING value), as a client asking for an encrypted key sends it.</summary>
    private static byte[] EncryptedKeyTemplate(ECDsa key, string serial, string attribute)
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(DistinguishedNames.Device(serial, serial), key, HashAlgorithmName.SHA256);
        request.OtherRequestAttributes.Add(new AsnEncodedData(attribute, new byte[] { 0x04, 0x02, 0xAB, 0xCD }));
        return request.CreateSigningRequest();
    }

    public void Dispose() => _generated.Dispose();

    private EstFormatError Refusal(byte[] payload) =>
        Assert.Throws<EstFormatException>(() => ServerGeneratedKey.Open(payload, pki.DomainCa.Certificate)).Error;

    private IssuedCertificate IssueFor(ECDsa key) =>
        new LdevidIssuer(pki.DomainCa).Issue(
            CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "SKG-1")),
            new AuthenticatedIdentity("SKG-1", "SERIALNUMBER=SKG-1"),
            PledgeRecord.None,
            EnrollmentPolicy.Default,
            pki.Now,
            pki.Random);
}
