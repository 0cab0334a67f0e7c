using System.Security.Cryptography;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;

namespace Eals.Protocol.Tests.Est;

/// <summary>/sen and /sren payloads: the registrar encodes per Accept, the pledge decodes and checks key and issuer.</summary>
public sealed class EnrollmentResponseTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private readonly ECDsa _pledgeKey = TestPki.NewP256Key();

    [Fact]
    public void Responses_follow_the_accept_option_and_the_pledge_reads_both()
    {
        var issued = IssueFor(_pledgeKey);

        var (plainFormat, plain) = EnrollmentResponse.Encode(null, issued.Der, pki.DomainCa.Certificate);
        var (cmsFormat, cms) = EnrollmentResponse.Encode(CoapContentFormat.Pkcs7CertsOnly, issued.Der, pki.DomainCa.Certificate);

        Assert.Equal(CoapContentFormat.PkixCert, plainFormat);
        Assert.Equal(issued.Der, plain);
        Assert.Equal(CoapContentFormat.Pkcs7CertsOnly, cmsFormat);
        using var fromPlain = EnrollmentResponse.Decode(plainFormat, plain, _pledgeKey, pki.DomainCa.Certificate);
        using var fromCms = EnrollmentResponse.Decode(cmsFormat, cms, _pledgeKey, pki.DomainCa.Certificate);
        Assert.Equal(issued.Der, fromPlain.RawData);
        Assert.Equal(issued.Der, fromCms.RawData);
        Assert.Equal(EstFormatError.UnsupportedContentFormat, Assert.Throws<EstFormatException>(() => EnrollmentResponse.Encode(CoapContentFormat.Json, issued.Der, pki.DomainCa.Certificate)).Error);
    }

    [Fact]
    public void A_certificate_for_another_key_is_refused_by_the_pledge()
    {
        using var otherKey = TestPki.NewP256Key();
        var issued = IssueFor(otherKey);
        var (_, cms) = EnrollmentResponse.Encode(CoapContentFormat.Pkcs7CertsOnly, issued.Der, pki.DomainCa.Certificate);

        Assert.Equal(EstFormatError.NotForThisKey, Assert.Throws<EstFormatException>(() => EnrollmentResponse.Decode(CoapContentFormat.PkixCert, issued.Der, _pledgeKey, pki.DomainCa.Certificate)).Error);
        Assert.Equal(EstFormatError.NotForThisKey, Assert.Throws<EstFormatException>(() => EnrollmentResponse.Decode(CoapContentFormat.Pkcs7CertsOnly, cms, _pledgeKey, pki.DomainCa.Certificate)).Error);
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused_by_the_pledge()
    {
        var issued = IssueFor(_pledgeKey);

        var refusal = Assert.Throws<EstFormatException>(() => EnrollmentResponse.Decode(CoapContentFormat.PkixCert, issued.Der, _pledgeKey, pki.ManufacturerCa.Certificate));

        Assert.Equal(EstFormatError.NotFromDomainCa, refusal.Error);
    }

    [Fact]
    public void Garbage_and_unknown_formats_are_refused_by_the_pledge()
    {
        Assert.Equal(EstFormatError.BadCertificate, Assert.Throws<EstFormatException>(() => EnrollmentResponse.Decode(CoapContentFormat.PkixCert, new byte[] { 0x30, 0x01, 0x00 }, _pledgeKey, pki.DomainCa.Certificate)).Error);
        Assert.Equal(EstFormatError.UnsupportedContentFormat, Assert.Throws<EstFormatException>(() => EnrollmentResponse.Decode(CoapContentFormat.Cbor, new byte[] { 0x30, 0x00 }, _pledgeKey, pki.DomainCa.Certificate)).Error);
    }

    public void Dispose() => _pledgeKey.Dispose();

    private IssuedCertificate IssueFor(ECDsa key) =>
        new LdevidIssuer(pki.DomainCa).Issue(
            CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "RESP-1")),
            new AuthenticatedIdentity("RESP-1", "SERIALNUMBER=RESP-1"),
            PledgeRecord.None,
            EnrollmentPolicy.Default,
            pki.Now,
            pki.Random);
}
