using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Cmc;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;

namespace Eals.Integration.Tests.Cmc;

/// <summary>
/// Full CMC enrollment (RFC 5272) over real UDP loopback at /.well-known/est/fullcmc: signed with the
/// IDevID or by a configured registration authority, ending in the same pledge state, certificate record,
/// directory entry and timeline as EDHOC; untrusted signers, replays, foreign PKCS#10s and pledges the
/// policy does not admit are refused without issuing anything; openssl accepts both messages.
/// </summary>
public sealed class CmcEnrollmentTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-cmc-" + Guid.NewGuid().ToString("N"));
    private readonly string _raFile = Path.Combine(Path.GetTempPath(), "eals-cmc-ra-" + Guid.NewGuid().ToString("N") + ".pem");
    private RegistrarHost _host = null!;
    private RegistrarConnection _connection = null!;
    private X509Certificate2 _ra = null!;

    public async Task InitializeAsync()
    {
        _ra = SelfSigned("CN=EALS Test Security Gateway");
        await File.WriteAllTextAsync(_raFile, _ra.ExportCertificatePem());
        _host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:UnknownPledges", "Reject", "--Registrar:Cmc:RegistrationAuthorities:0", _raFile);
        _connection = await RegistrarConnection.OpenAsync(_host.Registrar);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _host.DisposeAsync();
        _ra.Dispose();
        File.Delete(_raFile);
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial(string prefix = "EALS-DEMO-CMC-") => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    private CmcEnroller Enroller() => new(new RegistrarChannel(_connection.Client, _connection.Registrar), SystemRandomSource.Instance, TimeProvider.System);

    [Fact]
    public async Task A_request_signed_with_the_IDevID_enrolls_the_pledge_as_EDHOC_would()
    {
        var pledge = _host.MintPledge(NewSerial());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var issued = await Enroller().EnrollAsync(key, pledge.SerialNumber, new CmcSigner(pledge.Idevid, pledge.IdevidKey, []), _host.Pki.DomainCa.Certificate);

        var view = await AssertEnrolledAsync(pledge.SerialNumber, issued);
        Assert.Equal(PledgeCredentialKind.CmcSignature, view.Identity!.Kind);
        Assert.Equal(pledge.Idevid.Subject, view.Identity.Subject);
    }

    [Fact]
    public async Task A_request_a_registration_authority_signs_enrolls_the_pledge_its_PKCS10_names()
    {
        string serial = NewSerial();
        using var raKey = RaKey();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var issued = await Enroller().EnrollAsync(key, serial, new CmcSigner(_ra, raKey, []), _host.Pki.DomainCa.Certificate);

        var view = await AssertEnrolledAsync(serial, issued);
        Assert.Equal(PledgeCredentialKind.RegistrationAuthority, view.Identity!.Kind);
        Assert.Equal(_ra.Subject, view.Identity.Issuer);
        Assert.Contains(view.Timeline, e => e.Step == "cmc" && e.Outcome == "authenticated" && e.Detail!.Contains("registration authority", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_signed_by_an_untrusted_key_is_refused_and_changes_nothing()
    {
        string serial = NewSerial();
        using var stranger = SelfSigned($"CN=stranger, SERIALNUMBER={serial}");
        using var strangerKey = stranger.GetECDsaPrivateKey()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var answer = await PostAsync(Sign(Request(key, serial), stranger, strangerKey));

        Assert.Equal(CoapCode.Forbidden, answer.Code);
        Assert.Null(answer.ContentFormat);
        Assert.Contains("not trusted", Encoding.UTF8.GetString(answer.Payload.Span), StringComparison.Ordinal);
        await AssertUntouchedAsync(serial);
    }

    [Fact]
    public async Task A_replayed_request_is_refused_with_a_signed_failure_and_changes_nothing()
    {
        var pledge = _host.MintPledge(NewSerial());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(key, pledge.SerialNumber);
        byte[] signed = Sign(request, pledge.Idevid, pledge.IdevidKey);

        var first = await PostAsync(signed);
        var before = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        var replay = await PostAsync(signed);
        var after = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();

        Assert.Equal(CoapCode.Changed, first.Code);
        Assert.Equal(CoapCode.Forbidden, replay.Code);
        var failure = OpenFromDomain(replay, request);
        Assert.Equal(CmcStatus.Failed, failure.Status);
        Assert.Equal(CmcFailInfo.BadRequest, failure.FailInfo);
        Assert.Contains("replayed", failure.StatusString, StringComparison.Ordinal);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        Assert.Equal(before.Certificate!.SerialHex, after.Certificate!.SerialHex);
    }

    [Fact]
    public async Task A_PKCS10_naming_another_device_is_refused_and_nothing_is_issued()
    {
        var pledge = _host.MintPledge(NewSerial());
        string other = NewSerial();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(key, other);

        var answer = await PostAsync(Sign(request, pledge.Idevid, pledge.IdevidKey));

        Assert.Equal(CoapCode.Forbidden, answer.Code);
        var failure = OpenFromDomain(answer, request);
        Assert.Equal(CmcFailInfo.BadIdentity, failure.FailInfo);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Null(view.Certificate);
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "failed");
        await AssertUntouchedAsync(other);
    }

    [Fact]
    public async Task A_PKCS10_without_proof_of_possession_is_refused_with_popFailed()
    {
        var pledge = _host.MintPledge(NewSerial());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = Pkcs10RequestBuilder.ForDevice(key, pledge.SerialNumber);
        csr[^1] ^= 0x01; // the PKCS#10's own signature no longer verifies
        var request = FullPkiRequest.Create(csr, SystemRandomSource.Instance);

        var answer = await PostAsync(Sign(request, pledge.Idevid, pledge.IdevidKey));

        Assert.Equal(CoapCode.BadRequest, answer.Code);
        Assert.Equal(CmcFailInfo.PopFailed, OpenFromDomain(answer, request).FailInfo);
        Assert.Null((await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync()).Certificate);
    }

    [Fact]
    public async Task A_pledge_the_policy_does_not_admit_is_refused_as_over_EDHOC()
    {
        var pledge = _host.MintPledge(NewSerial("NOT-LISTED-"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(key, pledge.SerialNumber);

        var answer = await PostAsync(Sign(request, pledge.Idevid, pledge.IdevidKey));

        Assert.Equal(CoapCode.Forbidden, answer.Code);
        var failure = OpenFromDomain(answer, request);
        Assert.Equal(CmcFailInfo.BadIdentity, failure.FailInfo);
        Assert.Contains("not admitted", failure.StatusString, StringComparison.Ordinal);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Failed, view.Status);
        Assert.Null(view.Certificate);
    }

    [Fact]
    public async Task Openssl_verifies_and_parses_the_request_and_the_response()
    {
        var pledge = _host.MintPledge(NewSerial());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] request = Sign(Request(key, pledge.SerialNumber), pledge.Idevid, pledge.IdevidKey);
        var answer = await PostAsync(request);
        Assert.Equal(CoapCode.Changed, answer.Code);
        Assert.Equal(CoapContentFormat.Pkcs7CmcResponse, answer.ContentFormat);

        string requestFile = Write("request.der", request);
        string responseFile = Write("response.der", answer.Payload.ToArray());
        string manufacturer = Write("manufacturer.pem", Encoding.ASCII.GetBytes(_host.Pki.ManufacturerCa.Certificate.ExportCertificatePem()));
        string domain = Path.Combine(_data, "ca", "ca.pem");

        foreach (var (file, anchor, contentType) in new[] { (requestFile, manufacturer, "id-cct-PKIData"), (responseFile, domain, "id-cct-PKIResponse") })
        {
            var (verified, verifyOutput) = OpenSsl.Run("cms", "-verify", "-inform", "DER", "-in", file, "-CAfile", anchor, "-purpose", "any", "-binary", "-out", file + ".content");
            Assert.True(verified == 0, verifyOutput);
            Assert.Contains("Verification successful", verifyOutput, StringComparison.Ordinal);
            var (parsed, parseOutput) = OpenSsl.Run("asn1parse", "-inform", "DER", "-in", file);
            Assert.True(parsed == 0, parseOutput);
            Assert.Contains(contentType, parseOutput, StringComparison.Ordinal);
            var (inner, innerOutput) = OpenSsl.Run("asn1parse", "-inform", "DER", "-in", file + ".content");
            Assert.True(inner == 0, innerOutput);
        }
        var (_, certificates) = OpenSsl.Run("pkcs7", "-inform", "DER", "-in", responseFile, "-print_certs", "-noout");
        Assert.Contains(pledge.SerialNumber, certificates, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_enroll_cmc_command_enrolls_with_an_IDevID_and_through_a_registration_authority()
    {
        var pledge = _host.MintPledge(NewSerial());
        string idevid = Write("idevid.pem", Encoding.ASCII.GetBytes(pledge.Idevid.ExportCertificatePem()));
        string idevidKey = Write("idevid.key", Encoding.ASCII.GetBytes(pledge.IdevidKey.ExportPkcs8PrivateKeyPem()));
        using var raKey = RaKey();
        string raCert = Write("ra.pem", Encoding.ASCII.GetBytes(_ra.ExportCertificatePem()));
        string raKeyFile = Write("ra.key", Encoding.ASCII.GetBytes(raKey.ExportPkcs8PrivateKeyPem()));
        string trust = Path.Combine(_data, "ca", "ca.pem");
        string raSerial = NewSerial();
        string byIdevid = Path.Combine(_data, "out-idevid"), byAuthority = Path.Combine(_data, "out-ra");

        var first = await RunAsync("--idevid", idevid, "--key", idevidKey, "--trust", trust, "--registrar", _host.Registrar.ToString(), "--out", byIdevid);
        var second = await RunAsync("--ra-cert", raCert, "--ra-key", raKeyFile, "--serial", raSerial, "--trust", trust, "--registrar", _host.Registrar.ToString(), "--out", byAuthority);
        var wrong = await RunAsync("--idevid", idevid, "--ra-cert", raCert, "--trust", trust);

        Assert.True(first.Exit == 0, first.Error);
        Assert.StartsWith("enrolled: ", first.Output, StringComparison.Ordinal);
        using var fromIdevid = X509Certificate2.CreateFromPemFile(Path.Combine(byIdevid, "ldevid.pem"), Path.Combine(byIdevid, "ldevid.key"));
        await AssertEnrolledAsync(pledge.SerialNumber, fromIdevid);
        Assert.True(second.Exit == 0, second.Error);
        using var fromAuthority = X509Certificate2.CreateFromPemFile(Path.Combine(byAuthority, "ldevid.pem"), Path.Combine(byAuthority, "ldevid.key"));
        await AssertEnrolledAsync(raSerial, fromAuthority);
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("usage: Pledge enroll-cmc", wrong.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Eals.Pledge.CmcEnrollCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<PledgeView> AssertEnrolledAsync(string serial, X509Certificate2 issued)
    {
        Assert.Contains($"SERIALNUMBER={serial}", issued.Subject.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        string pem = Write($"{serial}.pem", Encoding.ASCII.GetBytes(issued.ExportCertificatePem()));
        var (exit, output) = OpenSsl.Run("verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), pem);
        Assert.True(exit == 0, output);

        var view = await _host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(issued.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Contains(view.Timeline, e => e.Step == "cmc" && e.Outcome == "authenticated");
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
        var record = await _host.FindCertificateAsync(view.Certificate.SerialHex);
        Assert.Equal(serial, record!.PledgeSerial);
        await _host.FlushDirectoryAsync();
        var listed = await _host.Directory.SearchAsync(new PledgeQuery(serial, null), 0, 10);
        Assert.Contains(listed.Items, e => e.Serial == serial && e.Status == PledgeStatus.Enrolled);
        return view;
    }

    private async Task AssertUntouchedAsync(string serial)
    {
        var view = await _host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Equal(PledgeStatus.Unknown, view.Status);
        Assert.Empty(view.Timeline);
        Assert.Null(view.Certificate);
    }

    private FullPkiResponse OpenFromDomain(CoapMessage answer, FullPkiRequest request)
    {
        Assert.Equal(CoapContentFormat.Pkcs7CmcResponse, answer.ContentFormat);
        var (response, signed) = FullPkiResponse.Open(answer.Payload);
        Assert.Equal(_host.Pki.Registrar.CertificateDer, signed.SignerCertificate);
        Assert.Equal(request.SenderNonce, response.RecipientNonce);
        Assert.Equal(request.TransactionId, response.TransactionId);
        return response;
    }

    private Task<CoapMessage> PostAsync(byte[] signed) => FullCmcPosts.PostAsync(_connection, signed);

    private static FullPkiRequest Request(ECDsa key, string serial) =>
        FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(key, serial), SystemRandomSource.Instance);

    private static byte[] Sign(FullPkiRequest request, X509Certificate2 signer, ECDsa key) =>
        request.Sign(signer, key, [], DateTimeOffset.UtcNow);

    private ECDsa RaKey() => _ra.GetECDsaPrivateKey()!;

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_data, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
