using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;

namespace Eals.Protocol.Tests.Est;

/// <summary>Certs-only CMS (content format 281): openssl reads ours, we read openssl's, bad input is typed.</summary>
public sealed class CertsOnlyMessageTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Openssl_lists_the_chain_of_our_message()
    {
        using var idevid = new IdevidMinter(pki.ManufacturerCa).Mint("CMS-1", pki.Now, pki.Random);
        var message = CertsOnlyMessage.Build([idevid.Certificate, pki.ManufacturerCa.Certificate]);

        var printed = OpenSsl.Succeed("pkcs7", "-inform", "DER", "-in", _folder.Write("certs.p7", message), "-print_certs", "-noout").StandardOutput;

        Assert.Contains("subject=CN = CMS-1, serialNumber = CMS-1", printed, StringComparison.Ordinal);
        Assert.Contains("subject=CN = Test Manufacturer CA", printed, StringComparison.Ordinal);
        Assert.Equal(2, printed.Split("subject=").Length - 1);
    }

    [Fact]
    public void Our_message_round_trips_and_is_degenerate_signed_data()
    {
        using var registrar = pki.DomainCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("r"), pki.Now, TimeSpan.FromDays(1), pki.Random);
        var message = CertsOnlyMessage.Build([registrar.Certificate, pki.DomainCa.Certificate]);

        var certificates = CertsOnlyMessage.Parse(message);

        Assert.Equal(
            new[] { registrar.Certificate.Thumbprint, pki.DomainCa.Certificate.Thumbprint }.Order(),
            certificates.Select(c => c.Thumbprint).Order());
        // openssl's own view: pkcs7-signedData, no signer infos.
        var parsed = OpenSsl.Succeed("pkcs7", "-inform", "DER", "-in", _folder.Write("rt.p7", message), "-print", "-noout").StandardOutput;
        Assert.Contains("pkcs7-signedData", parsed, StringComparison.Ordinal);
        Assert.Contains("signer_info:\n      <EMPTY>", parsed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_made_by_openssl_is_read()
    {
        var chain = _folder.Write("chain.pem", TestPki.Pem(pki.DomainCa.Certificate) + "\n" + TestPki.Pem(pki.ManufacturerCa.Certificate) + "\n");
        var output = _folder.File("openssl.p7");
        OpenSsl.Succeed("crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", output);

        var certificates = CertsOnlyMessage.Parse(File.ReadAllBytes(output));

        Assert.Equal(["CN=Test Domain CA", "CN=Test Manufacturer CA"], certificates.Select(c => c.Subject).Order());
    }

    [Fact]
    public void An_empty_chain_is_valid_and_reads_back_empty()
    {
        Assert.Empty(CertsOnlyMessage.Parse(CertsOnlyMessage.Build([])));
    }

    [Fact]
    public void Truncations_and_garbage_are_malformed()
    {
        var message = CertsOnlyMessage.Build([pki.DomainCa.Certificate]);
        for (int length = 0; length < message.Length; length++)
        {
            var refusal = Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(message.AsMemory(0, length)));
            Assert.True(refusal.Error is EstFormatError.Malformed or EstFormatError.BadCertificate, $"length {length}: {refusal.Error}");
        }

        Assert.Equal(EstFormatError.Malformed, Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(message.Append((byte)0).ToArray())).Error);
    }

    [Fact]
    public void Other_content_types_signers_and_non_certificate_choices_are_refused()
    {
        Assert.Equal(EstFormatError.NotSignedData, Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(ContentInfo("1.2.840.113549.1.7.1", signers: false, certificate: [0x30, 0x00]))).Error);
        Assert.Equal(EstFormatError.NotCertsOnly, Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(ContentInfo("1.2.840.113549.1.7.2", signers: true, certificate: pki.DomainCa.Certificate.RawData))).Error);
        // [1] IMPLICIT: an extended certificate, not a plain X.509 one.
        Assert.Equal(EstFormatError.UnsupportedCertificateChoice, Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(ContentInfo("1.2.840.113549.1.7.2", signers: false, certificate: [0xA1, 0x00]))).Error);
        Assert.Equal(EstFormatError.BadCertificate, Assert.Throws<EstFormatException>(() => CertsOnlyMessage.Parse(ContentInfo("1.2.840.113549.1.7.2", signers: false, certificate: [0x30, 0x03, 0x02, 0x01, 0x01]))).Error);
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] ContentInfo(string contentType, bool signers, byte[] certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteEncodedValue(certificate);
                }

                using (writer.PushSetOf())
                {
                    if (signers)
                    {
                        // A placeholder SignerInfo: its presence alone makes the message not certs-only.
                        using (writer.PushSequence())
                        {
                            writer.WriteInteger(1);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
