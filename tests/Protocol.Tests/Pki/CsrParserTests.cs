using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>PKCS#10 parsing and validation: openssl's requests are accepted, bad ones refused with a typed reason.</summary>
public sealed class CsrParserTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Accepts_an_openssl_request_and_reads_its_subject_and_extensions()
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var der = OpenSslRequests.Request(_folder, key, "/serialNumber=PLEDGE-42/CN=sensor-42/O=Acme", "subjectAltName=DNS:sensor-42.example");

        var csr = CsrParser.Parse(der);

        Assert.Equal("PLEDGE-42", csr.SerialNumber);
        Assert.Equal("sensor-42", csr.CommonName);
        Assert.Equal("Acme", csr.Organization);
        Assert.Null(csr.OrganizationalUnit);
        // Proof that extensions survive loading (the BCL drops them without UnsafeLoadCertificateExtensions).
        Assert.Contains(csr.RequestedExtensions, e => e.Oid?.Value == PkiOids.SubjectAltName);
        Assert.Equal(der, csr.Der);
    }

    [Fact]
    public void Accepts_pem_for_tooling()
    {
        using var key = TestPki.NewP256Key();
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", Pkcs10RequestBuilder.ForDevice(key, "PEM-1"));

        Assert.Equal("PEM-1", CsrParser.ParsePem("leading text\n" + pem).SerialNumber);
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CsrParser.ParsePem("no pem here")).Error);
    }

    [Fact]
    public void Our_request_is_accepted_by_openssl_req_verify()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-7", "device seven");
        var path = _folder.Write("ours.der", der);

        var result = OpenSsl.Succeed("req", "-inform", "DER", "-in", path, "-verify", "-noout", "-subject", "-nameopt", "RFC2253");

        Assert.Contains("verify OK", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("serialNumber=PLEDGE-7,CN=device seven", result.Output, StringComparison.Ordinal);
        Assert.Equal("PLEDGE-7", CsrParser.Parse(der).SerialNumber);
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-8");
        // The last octet lies in s of Ecdsa-Sig-Value; flipping a bit keeps the DER well-formed.
        der[^1] ^= 0x01;

        Assert.Equal(PkiError.BadSignature, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void A_changed_subject_under_the_original_signature_is_refused()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-A");
        var at = der.AsSpan().IndexOf("PLEDGE-A"u8);
        der[at + 7] = (byte)'B';

        Assert.Equal(PkiError.BadSignature, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void An_rsa_key_is_refused_as_an_unsupported_key_algorithm()
    {
        var key = OpenSslRequests.NewKey(_folder, "rsa.pem", curveOption: null);
        var der = OpenSslRequests.Request(_folder, key, "/serialNumber=RSA-1/CN=rsa");

        Assert.Equal(PkiError.UnsupportedKeyAlgorithm, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void A_p384_key_is_refused_as_an_unsupported_curve()
    {
        var key = OpenSslRequests.NewKey(_folder, "p384.pem", OpenSslRequests.P384);
        var der = OpenSslRequests.Request(_folder, key, "/serialNumber=P384-1/CN=p384");

        Assert.Equal(PkiError.UnsupportedCurve, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Theory]
    [InlineData("basicConstraints=critical,CA:TRUE", PkiError.RequestsCaCertificate)]
    [InlineData("basicConstraints=CA:TRUE", PkiError.RequestsCaCertificate)]
    [InlineData("keyUsage=critical,keyCertSign", PkiError.RequestsCertificateSigning)]
    [InlineData("keyUsage=digitalSignature,cRLSign", PkiError.RequestsCertificateSigning)]
    [InlineData("1.3.6.1.4.1.55555.1=critical,DER:0500", PkiError.UnsupportedCriticalExtension)]
    public void Requests_for_signing_rights_or_unknown_critical_extensions_are_refused(string extension, PkiError expected)
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var der = OpenSslRequests.Request(_folder, key, "/serialNumber=EXT-1/CN=ext", extension);

        Assert.Equal(expected, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void Harmless_requested_extensions_are_accepted()
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var der = OpenSslRequests.Request(
            _folder, key, "/serialNumber=EXT-2/CN=ext", "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "1.3.6.1.4.1.55555.2=DER:0500");

        Assert.Equal(3, CsrParser.Parse(der).RequestedExtensions.Count);
    }

    [Fact]
    public void A_subject_with_two_serial_numbers_is_refused()
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var der = OpenSslRequests.Request(_folder, key, "/serialNumber=ONE/serialNumber=TWO/CN=two");

        Assert.Equal(PkiError.InvalidSubject, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void Every_truncation_and_trailing_garbage_is_refused_as_malformed()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "TRUNC-1");

        for (int length = 0; length < der.Length; length++)
        {
            var refusal = Assert.Throws<PkiException>(() => CsrParser.Parse(der.AsMemory(0, length)));
            Assert.Equal(PkiError.Malformed, refusal.Error);
        }

        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CsrParser.Parse(der.Append((byte)0x00).ToArray())).Error);
    }

    [Fact]
    public void Random_and_bit_flipped_input_only_ever_gives_typed_errors()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "FLIP-1");
        var random = new Random(7);
        for (int i = 0; i < 2_000; i++)
        {
            var mutated = (byte[])der.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                CsrParser.Parse(mutated);
            }
            catch (PkiException)
            {
                // typed refusal: what we want; anything else escapes and fails the test
            }
        }

        var noise = new byte[200];
        random.NextBytes(noise);
        Assert.Throws<PkiException>(() => CsrParser.Parse(noise));
    }

    [Fact]
    public void A_request_not_signed_with_ecdsa_sha256_is_refused()
    {
        using var key = TestPki.NewP256Key();
        var der = new CertificateRequest(DistinguishedNames.Device("SHA384-1", null), key, HashAlgorithmName.SHA384).CreateSigningRequest();

        Assert.Equal(PkiError.UnsupportedSignatureAlgorithm, Assert.Throws<PkiException>(() => CsrParser.Parse(der)).Error);
    }

    [Fact]
    public void Ecdsa_sha256_with_parameters_is_refused_even_though_the_signature_verifies()
    {
        using var key = TestPki.NewP256Key();
        var reader = new AsnReader(Pkcs10RequestBuilder.ForDevice(key, "PARAMS-1"), AsnEncodingRules.DER).ReadSequence();
        var info = reader.ReadEncodedValue();
        reader.ReadEncodedValue();
        var signature = reader.ReadBitString(out _);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info.Span);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.EcdsaWithSha256);
                writer.WriteNull();
            }

            writer.WriteBitString(signature);
        }

        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CsrParser.Parse(writer.Encode())).Error);
    }

    public void Dispose() => _folder.Dispose();
}
