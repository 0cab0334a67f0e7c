using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Xunit.Abstractions;

namespace Eals.Protocol.Tests.Pki;

/// <summary>LDevID issuance: identity binding, content compilation, serials, and openssl's verdict.</summary>
public sealed class LdevidIssuerTests(TestPki pki, ITestOutputHelper output) : IClassFixture<TestPki>, IDisposable
{
    private static readonly AuthenticatedIdentity Pledge42 = new("PLEDGE-42", "CN=PLEDGE-42, SERIALNUMBER=PLEDGE-42");

    private readonly TempFolder _folder = new();

    private LdevidIssuer Issuer => new(pki.DomainCa);

    [Fact]
    public void An_openssl_request_becomes_a_certificate_that_openssl_verifies()
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var csr = CsrParser.Parse(OpenSslRequests.Request(_folder, key, "/serialNumber=PLEDGE-42/CN=sensor-42"));

        var issued = Issuer.Issue(csr, Pledge42, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random);

        OpenSsl.Verify(TestPki.Pem(pki.DomainCa.Certificate), TestPki.Pem(issued.Der), _folder);
        var text = OpenSsl.Succeed("x509", "-inform", "DER", "-in", _folder.Write("ldevid.der", issued.Der), "-noout", "-text", "-nameopt", "RFC2253").StandardOutput;
        TextAssert.ContainsAll(text, "Subject: serialNumber=PLEDGE-42,CN=sensor-42", "Digital Signature, Key Agreement", "TLS Web Client Authentication", "CA:FALSE", "X509v3 Authority Key Identifier", "X509v3 Subject Key Identifier");
        // The certified key is the one in the request.
        using var certificate = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Equal(csr.PublicKey.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(certificate.SerialNumber, issued.SerialNumberHex);
        Assert.Equal(certificate.Subject, issued.Subject);
    }

    [Fact]
    public void A_request_in_another_devices_name_is_an_identity_mismatch()
    {
        using var key = TestPki.NewP256Key();
        var csr = CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-43"));

        var refusal = Assert.Throws<PkiException>(() => Issuer.Issue(csr, Pledge42, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random));

        Assert.Equal(PkiError.IdentityMismatch, refusal.Error);
    }

    [Fact]
    public void The_serial_number_comes_from_the_identity_and_the_record_overrides_the_request()
    {
        using var key = TestPki.NewP256Key();
        // No serialNumber in the request: the CA fills it in from what EDHOC authenticated.
        var csr = CsrParser.Parse(Pkcs10RequestBuilder.Build(key, DistinguishedNameOf("CN=asked-for, O=Asked Org, OU=Asked Unit")));
        var record = new PledgeRecord(CommonName: "registered-42", Organization: "Operator Ltd");

        var issued = Issuer.Issue(csr, Pledge42, record, EnrollmentPolicy.Default, pki.Now, pki.Random);

        using var certificate = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Equal("PLEDGE-42", DistinguishedNames.FindSingle(certificate.SubjectName, PkiOids.SerialNumber));
        Assert.Equal("registered-42", DistinguishedNames.FindSingle(certificate.SubjectName, PkiOids.CommonName));
        Assert.Equal("Operator Ltd", DistinguishedNames.FindSingle(certificate.SubjectName, PkiOids.Organization));
        Assert.Equal("Asked Unit", DistinguishedNames.FindSingle(certificate.SubjectName, PkiOids.OrganizationalUnit));
    }

    [Fact]
    public void Validity_and_extensions_follow_the_group_policy()
    {
        using var key = TestPki.NewP256Key();
        var csr = CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-42"));
        var policy = new EnrollmentPolicy(TimeSpan.FromDays(30), X509KeyUsageFlags.DigitalSignature, clientAuth: true, serverAuth: true)
        {
            Backdate = TimeSpan.FromMinutes(2),
            DnsNames = ["pledge-42.example"],
            Uris = [new Uri("urn:dev:ops:acme-PLEDGE-42")],
        };

        var issued = Issuer.Issue(csr, Pledge42, PledgeRecord.None, policy, pki.Now, pki.Random);

        var whole = TimeSpan.FromSeconds(1);
        Assert.InRange(pki.Now - TimeSpan.FromMinutes(2) - issued.NotBefore, TimeSpan.Zero, whole);
        Assert.InRange(pki.Now + TimeSpan.FromDays(30) - issued.NotAfter, TimeSpan.Zero, whole);
        using var certificate = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        var text = OpenSsl.Succeed("x509", "-inform", "DER", "-in", _folder.Write("policy.der", issued.Der), "-noout", "-text").StandardOutput;
        Assert.Contains("TLS Web Client Authentication, TLS Web Server Authentication", text, StringComparison.Ordinal);
        Assert.Contains("DNS:pledge-42.example, URI:urn:dev:ops:acme-PLEDGE-42", text, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_request_asks_for_does_not_override_the_policy()
    {
        var key = OpenSslRequests.NewKey(_folder, "p256.pem", OpenSslRequests.P256);
        var csr = CsrParser.Parse(OpenSslRequests.Request(_folder, key, "/serialNumber=PLEDGE-42", "subjectAltName=DNS:evil.example", "extendedKeyUsage=codeSigning"));

        var issued = Issuer.Issue(csr, Pledge42, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random);

        using var certificate = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Empty(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        var purposes = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages;
        Assert.Equal(PkiOids.ClientAuth, Assert.Single(purposes.Cast<System.Security.Cryptography.Oid>()).Value);
    }

    [Fact]
    public void Lifetime_is_capped_at_the_ca_end()
    {
        using var key = TestPki.NewP256Key();
        var csr = CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-42"));
        var policy = new EnrollmentPolicy(TimeSpan.FromDays(100 * 365), X509KeyUsageFlags.DigitalSignature);

        var issued = Issuer.Issue(csr, Pledge42, PledgeRecord.None, policy, pki.Now, pki.Random);

        Assert.Equal(pki.DomainCa.NotAfter, issued.NotAfter);
    }

    [Fact]
    public void Ten_thousand_issuances_have_distinct_positive_long_serials()
    {
        using var key = TestPki.NewP256Key();
        var csr = CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-42"));
        var issuer = Issuer;
        var random = new SeededRandom(99);
        const int count = 10_000;
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var issued = issuer.Issue(csr, Pledge42, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, random);
            var serial = Convert.FromHexString(issued.SerialNumberHex);
            // RFC 5280 section 4.1.2.2: positive, at most 20 octets; here 16 octets with a non-zero first octet.
            Assert.Equal(SerialNumberGenerator.Length, serial.Length);
            Assert.True(new BigInteger(serial, isUnsigned: false, isBigEndian: true) > BigInteger.One << 64);
            Assert.True(serials.Add(issued.SerialNumberHex), $"serial {issued.SerialNumberHex} issued twice");
        }

        clock.Stop();
        output.WriteLine($"{count} LDevIDs issued in {clock.Elapsed.TotalMilliseconds:F0} ms: {count / clock.Elapsed.TotalSeconds:F0} per second");
        Assert.Equal(count, serials.Count);
    }

    [Fact]
    public void Parse_and_issue_throughput_including_csr_verification()
    {
        using var key = TestPki.NewP256Key();
        var der = Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-42");
        var issuer = Issuer;
        const int count = 2_000;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var issued = issuer.Issue(CsrParser.Parse(der), Pledge42, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random);
            Assert.NotEmpty(issued.Der);
        }

        clock.Stop();
        output.WriteLine($"{count} CSR parse+verify+issue in {clock.Elapsed.TotalMilliseconds:F0} ms: {count / clock.Elapsed.TotalSeconds:F0} per second");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Serial_generator_output_is_positive_minimal_der()
    {
        var random = new AllBitsRandom();

        var serial = SerialNumberGenerator.Next(random);

        Assert.Equal(0x7F, serial[0]);
        random.Value = 0x00;
        Assert.Equal(0x40, SerialNumberGenerator.Next(random)[0]);
    }

    public void Dispose() => _folder.Dispose();

    private static X500DistinguishedName DistinguishedNameOf(string name) => new(name);

    private sealed class AllBitsRandom : Eals.Protocol.Crypto.IRandomSource
    {
        public byte Value { get; set; } = 0xFF;

        public void Fill(Span<byte> destination) => destination.Fill(Value);
    }
}
