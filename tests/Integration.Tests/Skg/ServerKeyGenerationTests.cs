using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eals.Integration.Tests.Skg;

/// <summary>
/// Server-side key generation (/skg, RFC 9148 section 4.8) end to end over UDP loopback: EDHOC, then the
/// registrar generates the key and returns it with its certificate over OSCORE; the same records as /sen,
/// the key nowhere in storage or logs, and the refusals.
/// </summary>
public sealed class ServerKeyGenerationTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-skg-" + Guid.NewGuid().ToString("N"));
    private readonly string _out = Path.Combine(Path.GetTempPath(), "eals-skg-out-" + Guid.NewGuid().ToString("N"));
    private readonly CapturedLogText _logs = new();
    private RegistrarHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Logging:LogLevel:Eals", "Trace", "--Logging:LogLevel:Eals.Grains", "Trace", "--Gateway:JoinProxies:0", "127.0.0.1");
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private static string NewSerial() => "EALS-DEMO-SKG-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    private PledgeEnroller ServerKeygenEnroller(RegistrarConnection connection, PledgeCredentials pledge) =>
        new(connection.Client, connection.Registrar, pledge, SystemRandomSource.Instance) { ServerKeyGeneration = true };

    [Fact]
    public async Task A_pledge_enrolls_with_a_registrar_generated_key_that_openssl_matches_to_its_certificate_and_that_is_stored_nowhere()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);

        var result = await ServerKeygenEnroller(connection, pledge).EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        using var certificate = result.Certificate!;
        using var key = result.Key!;
        PledgeFiles.WriteLdevid(_out, certificate, key);
        string certificatePath = Path.Combine(_out, "ldevid.pem"), keyPath = Path.Combine(_out, "ldevid.key");
        var (exit, output) = OpenSsl.Run("verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), certificatePath);
        Assert.True(exit == 0 && output.Contains(": OK", StringComparison.Ordinal), output);
        var (keyExit, publicFromKey) = OpenSsl.Run("pkey", "-in", keyPath, "-pubout");
        var (certificateExit, publicFromCertificate) = OpenSsl.Run("x509", "-in", certificatePath, "-noout", "-pubkey");
        Assert.True(keyExit == 0 && certificateExit == 0, publicFromKey + publicFromCertificate);
        Assert.Contains("BEGIN PUBLIC KEY", publicFromKey, StringComparison.Ordinal);
        Assert.Equal(publicFromCertificate.Trim(), publicFromKey.Trim());

        // The same state and records as an enrollment through /sen.
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), view.Certificate.PublicKeyHash);
        Assert.Contains(view.Timeline, e => e.Step == "edhoc" && e.Outcome == "authenticated");
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
        Assert.Contains(view.Timeline, e => e.Step == "enroll-status" && e.Outcome == "success");
        var record = await _host.FindCertificateAsync(view.Certificate.SerialHex);
        Assert.NotNull(record);
        Assert.Equal(pledge.SerialNumber, record.PledgeSerial);
        Assert.Equal(certificate.RawData, record.Der);
        await _host.FlushDirectoryAsync();
        var listed = await _host.Directory.ListCertificatesAsync(0, 100);
        Assert.Contains(listed.Items, entry => entry.PledgeSerial == pledge.SerialNumber && string.Equals(entry.SerialHex, view.Certificate.SerialHex, StringComparison.OrdinalIgnoreCase));

        // The private key: not in any storage file (grain state, certificate records, directory), not in the logs.
        byte[] scalar = key.ExportParameters(includePrivateParameters: true).D!;
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        await File.WriteAllBytesAsync(Path.Combine(_out, "control.der"), pkcs8); // the scan does find a key where there is one
        Assert.Equal([Path.Combine(_out, "control.der")], SecretScan.FilesHolding(_out, pkcs8).Where(path => path.EndsWith(".der", StringComparison.Ordinal)));
        Assert.Empty(SecretScan.FilesHolding(_data, scalar));
        Assert.Empty(SecretScan.FilesHolding(_data, pkcs8));
        Assert.True(_logs.Text.Contains("/skg", StringComparison.Ordinal), _logs.Text); // the capture sees the registrar's enrollment lines
        Assert.False(SecretScan.TextHolds(_logs.Text, scalar), "the private key is in the logs");
        Assert.False(SecretScan.TextHolds(_logs.Text, pkcs8), "the private key is in the logs");
    }

    [Fact]
    public async Task Fleet_with_server_keygen_writes_each_pledge_a_key_that_matches_its_certificate()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await Pledge.FleetCommand.RunAsync(["--count", "3", "--registrar", _host.Registrar.ToString(), "--data", _data, "--server-keygen"], output, error, showProgress: false);

        Assert.True(exit == 0, output.ToString() + error);
        Assert.StartsWith("enrolled: 3, failed: 0", output.ToString(), StringComparison.Ordinal);
        foreach (string folder in Directory.GetDirectories(Path.Combine(_data, "pledges")))
        {
            using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "ldevid.pem")));
            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "ldevid.key")));
            Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
            var view = await _host.Grains.GetGrain<IPledgeGrain>(Path.GetFileName(folder)).GetAsync();
            Assert.Equal(certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
            // The pledge's own enroll status says the key came from /skg, not from a CSR to /sen.
            Assert.Contains(view.Timeline, e => e.Step == "enroll-status" && (e.Detail ?? "").Contains("server-generated key", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Accept_281_returns_certs_only_and_every_request_gets_a_new_key_and_certificate()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var enroller = ServerKeygenEnroller(connection, pledge);
        using var context = await enroller.RunEdhocAsync();

        var response = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", Template(pledge.SerialNumber), accept: CoapContentFormat.Pkcs7CertsOnly);

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(CoapContentFormat.MultipartCore, response.ContentFormat);
        var (_, certificateFormat, certsOnly) = ServerGeneratedKey.Split(response.Payload);
        Assert.Equal(CoapContentFormat.Pkcs7CertsOnly, certificateFormat);
        string p7 = Path.Combine(_data, "skg.p7");
        await File.WriteAllBytesAsync(p7, certsOnly.ToArray());
        var (exit, output) = OpenSsl.Run("pkcs7", "-inform", "DER", "-in", p7, "-print_certs", "-noout");
        Assert.True(exit == 0, output);
        Assert.Contains(pledge.SerialNumber, output, StringComparison.Ordinal);
        Assert.Contains("EALS Domain CA", output, StringComparison.Ordinal);
        File.Delete(p7);
        var (first, firstKey) = ServerGeneratedKey.Open(response.Payload, _host.Pki.DomainCa.Certificate);

        var (second, secondKey) = await enroller.RequestServerGeneratedKeyAsync(context);

        using (first)
        using (firstKey)
        using (second)
        using (secondKey)
        {
            Assert.NotEqual(firstKey.ExportSubjectPublicKeyInfo(), secondKey.ExportSubjectPublicKeyInfo());
            Assert.NotEqual(first.SerialNumber, second.SerialNumber);
            var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
            Assert.Equal(second.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
            Assert.Contains(first.SerialNumber, view.SupersededSerials, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Refusals_carry_diagnostics_and_store_no_certificate()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var enroller = ServerKeygenEnroller(connection, pledge);
        using var context = await enroller.RunEdhocAsync();
        byte[] template = Template(pledge.SerialNumber);

        var wrongFormat = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", template, contentFormat: CoapContentFormat.Cbor);
        var wrongAccept = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", template, accept: CoapContentFormat.Json);
        var notACsr = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", [0x30, 0x03, 0x02, 0x01, 0x00]);
        var otherIdentity = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", Template("EALS-DEMO-SOMEONE-ELSE"));
        var get = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", []);
        var encryptedKey = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", EncryptedKeyTemplate(pledge.SerialNumber));

        Assert.Equal(CoapCode.UnsupportedContentFormat, wrongFormat.Code);
        Assert.Equal(CoapCode.NotAcceptable, wrongAccept.Code);
        Assert.Equal(CoapCode.BadRequest, notACsr.Code);
        Assert.Equal(CoapCode.Forbidden, otherIdentity.Code);
        Assert.Equal(CoapCode.MethodNotAllowed, get.Code);
        Assert.Equal(CoapCode.NotAcceptable, encryptedKey.Code);
        Assert.Contains("280", RegistrarChannel.Diagnostic(encryptedKey), StringComparison.Ordinal);
        Assert.All(new[] { wrongFormat, wrongAccept, notACsr, otherIdentity, get, encryptedKey }, r => Assert.False(r.Payload.IsEmpty, $"{r.Code} without a diagnostic"));
        Assert.Contains("286", RegistrarChannel.Diagnostic(wrongFormat), StringComparison.Ordinal);
        Assert.Contains("another identity", RegistrarChannel.Diagnostic(otherIdentity), StringComparison.Ordinal);

        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Null(view.Certificate);
        Assert.DoesNotContain(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
        Assert.Null((await _host.Grains.GetGrain<IPledgeGrain>("EALS-DEMO-SOMEONE-ELSE").GetAsync()).Certificate);
        await _host.FlushDirectoryAsync();
        var listed = await _host.Directory.ListCertificatesAsync(0, 100);
        Assert.DoesNotContain(listed.Items, entry => entry.PledgeSerial == pledge.SerialNumber || entry.PledgeSerial == "EALS-DEMO-SOMEONE-ELSE");
    }

    [Fact]
    public async Task Through_the_join_proxy_the_large_certs_only_answer_arrives_block_wise()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_host.Port);
        var minted = _host.MintPledge(NewSerial());
        var pledge = new PledgeCredentials(minted.SerialNumber, minted.Idevid, minted.IdevidKey, null, _host.Pki.ManufacturerCa.Certificate);
        await using var connection = await RegistrarConnection.OpenAsync(proxy.Registrar);
        var enroller = ServerKeygenEnroller(connection, pledge);
        using var context = await enroller.RunEdhocAsync();

        var response = await enroller.ProtectedExchangeAsync(context, ".well-known/est/skg", Template(pledge.SerialNumber), accept: CoapContentFormat.Pkcs7CertsOnly);

        Assert.Equal(CoapCode.Changed, response.Code);
        // Larger than one 1024-byte block even before OSCORE adds its tag: the gateway sent it in Block2 pieces.
        Assert.True(response.Payload.Length > 1024, $"{response.Payload.Length} bytes");
        var (certificate, key) = ServerGeneratedKey.Open(response.Payload, enroller.LastVoucher is { } voucher
            ? Protocol.Vouchers.VoucherValidator.PinnedDomainCertificate(voucher)
            : throw new InvalidOperationException("no voucher"));
        using (certificate)
        using (key)
        {
            Assert.True(CertificateChain.ChainsTo(certificate, [_host.Pki.DomainCa.Certificate], DateTimeOffset.UtcNow, out var problem), problem);
            var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
            Assert.Equal(certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        }
        Assert.Equal(0, proxy.Statistics.Unauthenticated + proxy.Statistics.Expired + proxy.Statistics.RateLimited + proxy.Statistics.Malformed);
    }

    // RFC 7030 section 4.4.1.2: AsymmetricDecryptKeyIdentifier asks for the key encrypted (280), which this registrar does not produce.
    private static byte[] EncryptedKeyTemplate(string serialNumber)
    {
        using var throwaway = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedNames.Device(serialNumber, serialNumber), throwaway, HashAlgorithmName.SHA256);
        request.OtherRequestAttributes.Add(new AsnEncodedData(PkiOids.AsymmetricDecryptKeyIdentifier, new byte[] { 0x04, 0x02, 0xAB, 0xCD }));
        return request.CreateSigningRequest();
    }

    // RFC 9148 section 4.8: the registrar ignores the template's key and signature, so any key will do.
    private static byte[] Template(string serialNumber)
    {
        using var throwaway = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Pkcs10RequestBuilder.ForDevice(throwaway, serialNumber);
    }
}
