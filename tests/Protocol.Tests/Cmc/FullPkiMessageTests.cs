using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Cmc;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;

namespace Eals.Protocol.Tests.Cmc;

/// <summary>Full PKI Request and Response (RFC 5272) in CMS SignedData (RFC 5652): bytes, round trips, refusals, openssl.</summary>
public sealed class FullPkiMessageTests : IClassFixture<TestPki>
{
    private static readonly DateTimeOffset SigningTime = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly TestPki _pki;

    public FullPkiMessageTests(TestPki pki) => _pki = pki;

    [Fact]
    public void PKIData_is_encoded_as_RFC_5272_section_3_2_1_defines_it()
    {
        // transactionId 7, senderNonce 01020304, one TaggedCertificationRequest (bodyPartID 3) around a stand-in SEQUENCE.
        var request = new FullPkiRequest(new BigInteger(7), [1, 2, 3, 4], 3, [0x30, 0x00]);

        byte[] der = request.EncodePkiData();

        Assert.Equal(
            "303A" +
            "302B" +
            "3012" + "020101" + "06082B06010505070705" + "3103020107" +
            "3015" + "020102" + "06082B06010505070706" + "31060404" + "01020304" +
            "3007" + "A005" + "020103" + "3000" +
            "3000" +
            "3000",
            Convert.ToHexString(der));
        var decoded = FullPkiRequest.DecodePkiData(der);
        Assert.Equal(request.TransactionId, decoded.TransactionId);
        Assert.Equal(request.SenderNonce, decoded.SenderNonce);
        Assert.Equal(request.RequestBodyPartId, decoded.RequestBodyPartId);
        Assert.Equal(request.CertificationRequest, decoded.CertificationRequest);
    }

    [Fact]
    public void A_signed_request_opens_with_its_controls_signer_and_signing_time()
    {
        using var idevid = NewIdevid("CMC-PT-1", out var key);
        using var newKey = TestPki.NewP256Key();
        var request = FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(newKey, "CMC-PT-1"), _pki.Random);

        var (opened, signed) = FullPkiRequest.Open(request.Sign(idevid, key, [_pki.ManufacturerCa.Certificate.RawData], SigningTime));

        Assert.Equal(request.TransactionId, opened.TransactionId);
        Assert.Equal(request.SenderNonce, opened.SenderNonce);
        Assert.Equal(FullPkiRequest.DefaultRequestBodyPartId, opened.RequestBodyPartId);
        Assert.Equal(request.CertificationRequest, opened.CertificationRequest);
        Assert.Equal(CmcOids.PkiData, signed.ContentType);
        Assert.Equal(idevid.RawData, signed.SignerCertificate);
        Assert.Equal(2, signed.Certificates.Count);
        Assert.Equal(SigningTime, signed.SigningTime);
        Assert.Equal("CMC-PT-1", CsrParser.Parse(opened.CertificationRequest).SerialNumber);
    }

    [Fact]
    public void A_changed_content_or_signature_is_refused_as_a_bad_signature()
    {
        using var idevid = NewIdevid("CMC-PT-2", out var key);
        byte[] signed = FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(key, "CMC-PT-2"), _pki.Random).Sign(idevid, key, [], SigningTime);
        byte[] pkiData = FullPkiRequest.DecodePkiData(CmsSignedMessage.Open(signed, CmcOids.PkiData).Content).EncodePkiData();

        // A byte inside the encapsulated PKIData, and the last byte of the signature, which ends the message.
        byte[] content = (byte[])signed.Clone();
        int at = content.AsSpan().IndexOf(pkiData) + 12;
        content[at] ^= 0x01;
        byte[] signature = (byte[])signed.Clone();
        signature[^1] ^= 0x01;

        Assert.Equal(CmcError.BadSignature, Assert.Throws<CmcException>(() => FullPkiRequest.Open(content)).Error);
        Assert.Equal(CmcError.BadSignature, Assert.Throws<CmcException>(() => FullPkiRequest.Open(signature)).Error);
    }

    [Fact]
    public void A_response_is_not_a_request_and_garbage_is_malformed()
    {
        using var idevid = NewIdevid("CMC-PT-3", out var key);
        var request = FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(key, "CMC-PT-3"), _pki.Random);
        byte[] response = FullPkiResponse.For(request, CmcStatus.Success, _pki.Random).Sign(idevid, key, [], SigningTime);

        Assert.Equal(CmcError.WrongContentType, Assert.Throws<CmcException>(() => FullPkiRequest.Open(response)).Error);
        Assert.Equal(CmcError.Malformed, Assert.Throws<CmcException>(() => FullPkiRequest.Open(new byte[] { 0x30, 0x03, 0x02, 0x01 })).Error);
    }

    [Fact]
    public void A_failed_response_carries_the_status_failInfo_and_the_requests_nonce_and_transaction()
    {
        using var registrar = NewIdevid("CMC-PT-REGISTRAR", out var key);
        var request = FullPkiRequest.Create([0x30, 0x00], _pki.Random);
        var response = FullPkiResponse.For(request, CmcStatus.Failed, _pki.Random, CmcFailInfo.BadIdentity, "the PKCS#10 names another identity");

        var (opened, signed) = FullPkiResponse.Open(response.Sign(registrar, key, [_pki.DomainCa.Certificate.RawData], SigningTime));

        Assert.Equal(CmcStatus.Failed, opened.Status);
        Assert.Equal(CmcFailInfo.BadIdentity, opened.FailInfo);
        Assert.Equal("the PKCS#10 names another identity", opened.StatusString);
        Assert.Equal(request.SenderNonce, opened.RecipientNonce);
        Assert.Equal(request.TransactionId, opened.TransactionId);
        Assert.Equal([FullPkiRequest.DefaultRequestBodyPartId], opened.BodyList);
        Assert.Equal(16, opened.SenderNonce.Length);
        Assert.Equal(CmcOids.PkiResponse, signed.ContentType);
    }

    [Fact]
    public void Openssl_verifies_and_parses_a_signed_request()
    {
        using var folder = new TempFolder();
        using var idevid = NewIdevid("CMC-PT-4", out var key);
        byte[] signed = FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(key, "CMC-PT-4"), _pki.Random).Sign(idevid, key, [], DateTimeOffset.UtcNow);
        string message = folder.Write("request.der", signed);
        string anchor = folder.Write("manufacturer.pem", TestPki.Pem(_pki.ManufacturerCa.Certificate.RawData));
        string content = Path.Combine(folder.Path, "pkidata.der");

        var verified = OpenSsl.Run("cms", "-verify", "-inform", "DER", "-in", message, "-CAfile", anchor, "-purpose", "any", "-binary", "-out", content);
        var parsed = OpenSsl.Run("asn1parse", "-inform", "DER", "-in", message);

        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("Verification successful", verified.Output, StringComparison.Ordinal);
        Assert.Equal(FullPkiRequest.DecodePkiData(CmsSignedMessage.Open(signed, CmcOids.PkiData).Content).EncodePkiData(), File.ReadAllBytes(content));
        Assert.True(parsed.ExitCode == 0, parsed.Output);
        Assert.Contains("id-cct-PKIData", parsed.Output, StringComparison.Ordinal);
        Assert.Contains("signingTime", parsed.Output, StringComparison.Ordinal);
    }

    private X509Certificate2 NewIdevid(string serial, out ECDsa key)
    {
        var minted = new IdevidMinter(_pki.ManufacturerCa).Mint(serial, _pki.Now, _pki.Random);
        key = minted.PrivateKey;
        return minted.Certificate;
    }
}
