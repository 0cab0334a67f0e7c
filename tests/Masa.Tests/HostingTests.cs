using System.Net;
using Eals.Masa.Signing;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Eals.Masa.Tests;

/// <summary>Start-up: credential files, options validation, restarts, and hosting inside another application.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly TestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task First_run_creates_a_masa_credential_issued_by_the_manufacturer_ca_with_an_owner_only_key_and_reuses_it()
    {
        byte[] firstCertificate;
        await using (var masa = await MasaServer.StartAsync(_world.Data))
        {
            using var certificate = masa.MasaCertificate;
            using var manufacturer = Manufacturer.OfDataFolder(_world.Data);
            firstCertificate = certificate.RawData;
            Assert.Equal(manufacturer.Certificate.SubjectName.Name, certificate.IssuerName.Name);
            Assert.Equal("CN=" + MasaSigningIdentity.SubjectName, certificate.Subject);
        }

        var key = Path.Combine(_world.Data, "manufacturer", "masa.key");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        await using var again = await MasaServer.StartAsync(_world.Data);
        using var reused = again.MasaCertificate;
        Assert.Equal(firstCertificate, reused.RawData);
    }

    [Fact]
    public async Task A_masa_key_without_its_certificate_stops_start_up_with_a_message_naming_both_files()
    {
        await (await MasaServer.StartAsync(_world.Data)).DisposeAsync();
        File.Delete(Path.Combine(_world.Data, "manufacturer", "masa.pem"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => MasaServer.StartAsync(_world.Data));

        Assert.Contains("masa.pem", error.Message, StringComparison.Ordinal);
        Assert.Contains("masa.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_masa_credential_not_issued_by_the_manufacturer_ca_stops_start_up()
    {
        await (await MasaServer.StartAsync(_world.Data)).DisposeAsync();
        var certificate = Path.Combine(_world.Data, "manufacturer", "masa.pem");
        var key = Path.Combine(_world.Data, "manufacturer", "masa.key");
        File.Delete(certificate);
        File.Delete(key);
        await File.WriteAllTextAsync(key, _world.A.Registrar.PrivateKeyPkcs8Pem());
        await File.WriteAllTextAsync(certificate, _world.A.Registrar.CertificatePem());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => MasaServer.StartAsync(_world.Data));

        Assert.Contains("masa.pem was not issued by CN=EALS Demo Manufacturer CA", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Masa:ClaimPolicy", "SalesRecords", "Masa:SalesRecords is empty")]
    [InlineData("--Masa:SalesRecords:SN-1", "abcd", "Masa:SalesRecords:SN-1 is not a SHA-256 fingerprint")]
    [InlineData("--Masa:VoucherLifetime", "00:00:10", "Masa:VoucherLifetime must be between")]
    [InlineData("--Masa:AdminToken", "short", "Masa:AdminToken must be at least 16 characters")]
    public async Task Invalid_options_stop_start_up_with_an_actionable_message(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MasaServer.StartAsync(_world.Data, key, value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_keeps_the_ownership_log_and_the_used_nonces_with_their_vouchers()
    {
        var nonce = TestDomain.NewNonce();
        byte[] voucher;
        await using (var masa = await MasaServer.StartAsync(_world.Data))
        {
            using var issued = await masa.RequestVoucherAsync(_world.A.Request("SN-0301", nonce));
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
            voucher = await issued.Content.ReadAsByteArrayAsync();
        }

        await using var restarted = await MasaServer.StartAsync(_world.Data);

        Assert.Equal(HttpStatusCode.Forbidden, (await restarted.RequestVoucherAsync(_world.B.Request("SN-0301"))).StatusCode);
        using var repeated = await restarted.RequestVoucherAsync(_world.A.Request("SN-0301", nonce));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(voucher, await repeated.Content.ReadAsByteArrayAsync());
        var owner = await Json.ReadAsync(await restarted.AdminGetAsync("/ownership/SN-0301"));
        Assert.Equal(_world.A.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(3, (await Json.ReadAsync(await restarted.AdminGetAsync("/audit"))).GetArrayLength());
    }

    [Fact]
    public async Task Another_application_hosts_the_masa_in_process_under_a_route_prefix()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Masa:AdminToken"] = MasaServer.Token });
        builder.Services.AddMasa(builder.Configuration, _world.Data);
        await using var app = builder.Build();
        app.MapGroup("/masa").MapMasa();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var content = new ByteArrayContent(_world.A.Request("SN-0302"));
        content.Headers.ContentType = new("application/voucher-cose+cbor");

        using var response = await client.PostAsync("/masa/.well-known/brski/requestvoucher", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var voucher = VoucherCbor.DecodeVoucher(CoseSign1.ReadUnverified(await response.Content.ReadAsByteArrayAsync()).Payload);
        Assert.Equal("SN-0302", voucher.SerialNumber);
        Assert.True(File.Exists(Path.Combine(_world.Data, "masa", "masa.db")));
        await app.StopAsync();
    }
}
