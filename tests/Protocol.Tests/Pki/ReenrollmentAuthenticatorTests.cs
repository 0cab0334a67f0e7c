using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>/sren: the current LDevID authenticates the pledge; the new certificate keeps its identity, not its key.</summary>
public sealed class ReenrollmentAuthenticatorTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private static readonly AuthenticatedIdentity Pledge9 = new("PLEDGE-9", "SERIALNUMBER=PLEDGE-9");

    private readonly TempFolder _folder = new();

    [Fact]
    public void A_current_ldevid_yields_its_identity_and_a_new_key_gets_the_same_subject()
    {
        var issuer = new LdevidIssuer(pki.DomainCa);
        var record = new PledgeRecord(CommonName: "pump-9");
        using var firstKey = TestPki.NewP256Key();
        var first = issuer.Issue(CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(firstKey, "PLEDGE-9")), Pledge9, record, EnrollmentPolicy.Default, pki.Now, pki.Random);

        var identity = ReenrollmentAuthenticator.Authenticate(pki.DomainCa, first.Der, pki.Now.AddDays(200));
        using var firstCertificate = X509CertificateLoader.LoadCertificate(first.Der);
        using var secondKey = TestPki.NewP256Key();
        var second = issuer.Reenroll(CsrParser.Parse(Pkcs10RequestBuilder.Build(secondKey, firstCertificate.SubjectName)), identity, EnrollmentPolicy.Default, pki.Now.AddDays(200), pki.Random);

        Assert.Equal("PLEDGE-9", identity.SerialNumber);
        Assert.Equal(first.Subject, identity.Subject);
        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.SerialNumberHex, second.SerialNumberHex);
        using var secondCertificate = X509CertificateLoader.LoadCertificate(second.Der);
        Assert.Equal(secondKey.ExportSubjectPublicKeyInfo(), secondCertificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_re_enrollment_request_with_another_subject_is_an_identity_mismatch()
    {
        var issuer = new LdevidIssuer(pki.DomainCa);
        using var key = TestPki.NewP256Key();
        var first = issuer.Issue(CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-9")), Pledge9, new PledgeRecord(CommonName: "pump-9"), EnrollmentPolicy.Default, pki.Now, pki.Random);
        var identity = ReenrollmentAuthenticator.Authenticate(pki.DomainCa, first.Der, pki.Now);

        // Same serialNumber, different CN: RFC 7030 section 4.2.2 asks for the identical subject.
        var request = CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-9", "other-name"));
        var refusal = Assert.Throws<PkiException>(() => issuer.Reenroll(request, identity, EnrollmentPolicy.Default, pki.Now, pki.Random));

        Assert.Equal(PkiError.IdentityMismatch, refusal.Error);
        Assert.Throws<ArgumentException>(() => issuer.Reenroll(request, Pledge9, EnrollmentPolicy.Default, pki.Now, pki.Random));
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused()
    {
        using var idevid = new IdevidMinter(pki.ManufacturerCa).Mint("PLEDGE-9", pki.Now, pki.Random);

        var refusal = Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, idevid.Certificate.RawData, pki.Now));

        Assert.Equal(PkiError.NotIssuedByThisCa, refusal.Error);
    }

    [Fact]
    public void A_certificate_with_our_issuer_name_but_a_foreign_signature_is_refused()
    {
        // An impostor CA with the same name as the domain CA.
        using var impostor = CertificateAuthority.CreateSelfSigned(pki.DomainCa.Name, pki.Now, pki.Now.AddYears(1), pki.Random);
        using var key = TestPki.NewP256Key();
        var forged = new LdevidIssuer(impostor).Issue(CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-9")), Pledge9, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random);

        var refusal = Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, forged.Der, pki.Now));

        Assert.Equal(PkiError.NotIssuedByThisCa, refusal.Error);
    }

    [Fact]
    public void An_expired_or_not_yet_valid_certificate_is_refused()
    {
        using var key = TestPki.NewP256Key();
        var issued = new LdevidIssuer(pki.DomainCa).Issue(CsrParser.Parse(Pkcs10RequestBuilder.ForDevice(key, "PLEDGE-9")), Pledge9, PledgeRecord.None, EnrollmentPolicy.Default, pki.Now, pki.Random);

        Assert.Equal(PkiError.CertificateNotValidNow, Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, issued.Der, issued.NotAfter.AddSeconds(1))).Error);
        Assert.Equal(PkiError.CertificateNotValidNow, Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, issued.Der, issued.NotBefore.AddSeconds(-1))).Error);
        Assert.Equal("PLEDGE-9", ReenrollmentAuthenticator.Authenticate(pki.DomainCa, issued.Der, issued.NotAfter).SerialNumber);
    }

    [Fact]
    public void Malformed_input_is_refused_as_malformed()
    {
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, new byte[] { 0x30, 0x03, 0x02, 0x01 }, pki.Now)).Error);
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, System.Text.Encoding.ASCII.GetBytes(TestPki.Pem(pki.DomainCa.Certificate)), pki.Now)).Error);
    }

    [Fact]
    public void The_registrar_credential_has_no_serial_number_to_bind()
    {
        using var registrar = pki.DomainCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("registrar"), pki.Now, TimeSpan.FromDays(1), pki.Random);

        var refusal = Assert.Throws<PkiException>(() => ReenrollmentAuthenticator.Authenticate(pki.DomainCa, registrar.Certificate.RawData, pki.Now));

        Assert.Equal(PkiError.MissingSerialNumber, refusal.Error);
    }

    public void Dispose() => _folder.Dispose();
}
