using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;
using Xunit.Abstractions;

namespace Eals.Protocol.Tests.Pki;

/// <summary>Self-signed CAs, the registrar's EDHOC credential and IDevIDs, each checked by openssl.</summary>
public sealed class CertificateAuthorityTests(TestPki pki, ITestOutputHelper output) : IClassFixture<TestPki>
{
    [Fact]
    public void Ca_certificate_is_a_self_signed_p256_ca_with_critical_constraints_and_ski()
    {
        var certificate = pki.DomainCa.Certificate;
        var basic = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());

        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.True(usage.Critical);
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.Equal(certificate.SubjectName.Name, certificate.IssuerName.Name);
        Assert.Equal(PkiOids.EcPublicKey, certificate.PublicKey.Oid.Value);
        Assert.True(pki.DomainCa.HasIssued(certificate));

        using var folder = new TempFolder();
        OpenSsl.Verify(TestPki.Pem(certificate), TestPki.Pem(certificate), folder);
        var text = OpenSsl.Succeed("x509", "-noout", "-text", "-in", folder.Write("ca.pem", TestPki.Pem(certificate))).StandardOutput;
        TextAssert.ContainsAll(text, "ASN1 OID: prime256v1", "CA:TRUE", "Certificate Sign, CRL Sign", "ecdsa-with-SHA256");
    }

    [Fact]
    public void Registrar_credential_verifies_and_allows_signature_and_key_agreement()
    {
        using var registrar = pki.DomainCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("registrar.example"), pki.Now, TimeSpan.FromDays(365), pki.Random);

        using var folder = new TempFolder();
        OpenSsl.Verify(TestPki.Pem(pki.DomainCa.Certificate), registrar.CertificatePem(), folder);
        var usage = Assert.Single(registrar.Certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, usage.KeyUsages);
        Assert.False(Assert.Single(registrar.Certificate.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        var purposes = Assert.Single(registrar.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages;
        Assert.Contains(purposes.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.28");
        Assert.Equal(
            Assert.Single(pki.DomainCa.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()).SubjectKeyIdentifier,
            Convert.ToHexString(Assert.Single(registrar.Certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>()).KeyIdentifier!.Value.Span));
        Assert.True(pki.DomainCa.HasIssued(registrar.Certificate));
        Assert.False(pki.ManufacturerCa.HasIssued(registrar.Certificate));
        Assert.DoesNotContain("PRIVATE", registrar.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Idevid_carries_the_serial_number_never_expires_and_verifies_under_the_manufacturer()
    {
        var minter = new IdevidMinter(pki.ManufacturerCa);
        using var idevid = minter.Mint("PLEDGE-0001", pki.Now, pki.Random);

        Assert.Equal("PLEDGE-0001", DistinguishedNames.FindSingle(idevid.Certificate.SubjectName, PkiOids.SerialNumber));
        Assert.Equal("PLEDGE-0001", DistinguishedNames.FindSingle(idevid.Certificate.SubjectName, PkiOids.CommonName));
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), idevid.Certificate.NotAfter.ToUniversalTime());
        Assert.True(PublicKeys.SameKey(idevid.Certificate, idevid.PrivateKey));

        using var folder = new TempFolder();
        OpenSsl.Verify(TestPki.Pem(pki.ManufacturerCa.Certificate), idevid.CertificatePem(), folder);
        var subject = OpenSsl.Succeed("x509", "-noout", "-subject", "-enddate", "-nameopt", "RFC2253", "-in", folder.Write("idevid.pem", idevid.CertificatePem())).StandardOutput;
        Assert.Contains("serialNumber=PLEDGE-0001", subject, StringComparison.Ordinal);
        Assert.Contains("notAfter=Dec 31 23:59:59 9999 GMT", subject, StringComparison.Ordinal);
        var pkcs8 = OpenSsl.Succeed("pkey", "-in", folder.Write("idevid.key", idevid.PrivateKeyPkcs8Pem()), "-noout", "-text").StandardOutput;
        Assert.Contains("prime256v1", pkcs8, StringComparison.Ordinal);
    }

    [Fact]
    public void Idevid_minting_refuses_a_serial_outside_printable_string()
    {
        var minter = new IdevidMinter(pki.ManufacturerCa);
        var refusal = Assert.Throws<PkiException>(() => minter.Mint("bad_serial", pki.Now, pki.Random));
        Assert.Equal(PkiError.InvalidSubject, refusal.Error);
    }

    [Fact]
    public void Minting_thousands_of_idevids_is_fast_and_every_serial_differs()
    {
        var minter = new IdevidMinter(pki.ManufacturerCa);
        const int count = 2_000;
        var minted = new List<byte[]>(count);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            using var idevid = minter.Mint($"FLEET-{i:D6}", pki.Now, pki.Random);
            minted.Add(idevid.CertificateDer);
        }

        clock.Stop();
        output.WriteLine($"{count} IDevIDs in {clock.Elapsed.TotalMilliseconds:F0} ms: {count / clock.Elapsed.TotalSeconds:F0} per second");
        var serials = minted.Select(der =>
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return certificate.SerialNumber;
        }).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(count, serials.Count);
        // A generous floor (2-core CI machine shared by several jobs); the measured figure is in the output.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"minting took {clock.Elapsed}");
    }

    [Fact]
    public void End_entity_validity_is_capped_at_the_ca_end()
    {
        using var shortCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Short CA"), pki.Now, pki.Now.AddDays(10), pki.Random);
        using var registrar = shortCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("r"), pki.Now, TimeSpan.FromDays(365), pki.Random);

        Assert.Equal(shortCa.Certificate.NotAfter, registrar.Certificate.NotAfter);

        var refusal = Assert.Throws<PkiException>(() => shortCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("r"), pki.Now.AddDays(11), TimeSpan.FromDays(1), pki.Random));
        Assert.Equal(PkiError.CaExpired, refusal.Error);
    }

    [Fact]
    public void Wrapping_refuses_an_end_entity_certificate_or_a_foreign_key()
    {
        using var registrar = pki.DomainCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("r"), pki.Now, TimeSpan.FromDays(1), pki.Random);
        Assert.Equal(PkiError.NotIssuedByThisCa, Assert.Throws<PkiException>(() => new CertificateAuthority(registrar)).Error);

        using var foreignKey = TestPki.NewP256Key();
        var mismatched = new CertifiedKey(pki.DomainCa.Certificate, foreignKey);
        Assert.Equal(PkiError.KeyDoesNotMatchCertificate, Assert.Throws<PkiException>(() => new CertificateAuthority(mismatched)).Error);
    }
}
