using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>
/// The subject and key read from a certificate's DER without loading it (<see cref="CertificateFields"/>), and the
/// P-256 key opened from the SubjectPublicKeyInfo's point (<see cref="PublicKeys.OpenP256"/>): the same as what
/// X509Certificate2 and ECDsa give.
/// </summary>
public sealed class CertificateFieldsTests : IClassFixture<TestPki>
{
    private readonly TestPki _pki;

    public CertificateFieldsTests(TestPki pki) => _pki = pki;

    [Fact]
    public void Subject_and_key_are_those_the_loaded_certificate_has()
    {
        using var key = TestPki.NewP256Key();
        var issued = _pki.ManufacturerCa.IssueEndEntity(
            DistinguishedNames.Device("SN-FIELDS-1", "pledge"),
            PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _),
            [],
            _pki.Now,
            _pki.Now.AddDays(1),
            _pki.Random);
        using var certificate = X509CertificateLoader.LoadCertificate(issued.Der);

        var fields = CertificateFields.Read(issued.Der);
        Assert.Equal(certificate.SubjectName.RawData, fields.Subject.ToArray());
        Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), fields.SubjectPublicKeyInfo.ToArray());

        var opened = PublicKeys.OpenP256(certificate.PublicKey);
        var q = key.ExportParameters(false).Q;
        Assert.Equal([.. q.X!, .. q.Y!], opened.RawKey);
        byte[] message = [1, 2, 3];
        Assert.True(opened.Verify(message, key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        Assert.True(opened.Verify(message, key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void What_is_not_a_der_certificate_is_refused()
    {
        byte[] der = _pki.DomainCa.Certificate.RawData;
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CertificateFields.Read(der[..^1])).Error);
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CertificateFields.Read((byte[])[.. der, 0])).Error);
        // A SEQUENCE holding an empty TBSCertificate, an algorithm and a signature.
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => CertificateFields.Read(Convert.FromHexString("3011" + "3000" + "300a06082a8648ce3d040302" + "030100"))).Error);
    }

    [Fact]
    public void A_point_off_the_curve_in_a_subject_public_key_info_is_refused()
    {
        using var key = TestPki.NewP256Key();
        byte[] info = key.ExportSubjectPublicKeyInfo();
        info[^1] ^= 1; // the last byte of y
        var tampered = PublicKey.CreateFromSubjectPublicKeyInfo(info, out _);
        Assert.Equal(PkiError.Malformed, Assert.Throws<PkiException>(() => PublicKeys.OpenP256(tampered)).Error);
    }
}
