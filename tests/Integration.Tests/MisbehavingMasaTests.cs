using Eals.Tests.Shared;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Pledges;
using Eals.Masa;
using Eals.Masa.Signing;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Eals.Integration.Tests;

/// <summary>
/// A MASA that signs with the genuine MASA key but gets the voucher wrong, served over real HTTP: the
/// registrar checks every voucher before it passes one on, so the pledge gets an EDHOC error and no
/// certificate, and the reason is on the pledge's timeline.
/// </summary>
public sealed class MisbehavingMasaTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-badmasa-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Theory]
    [InlineData("nonce", nameof(VoucherError.NonceMismatch))]
    [InlineData("serial", nameof(VoucherError.SerialMismatch))]
    [InlineData("expired", nameof(VoucherError.Expired))]
    [InlineData("domain", "pins")]
    public async Task A_wrong_voucher_is_refused_by_the_registrar_and_the_pledge_gets_no_certificate(string fault, string expectedReason)
    {
        int port = FreePorts.Tcp();
        await using var host = await RegistrarHost.StartAsync(_data, 0, "--Masa:Hosted", "false", "--Registrar:Masa:Url", $"http://127.0.0.1:{port}/");
        using var identity = MasaSigningIdentity.Open(_data, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        using var otherDomain = CertificateAuthority.CreateSelfSigned(new X500DistinguishedName("CN=Another Domain"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1), SystemRandomSource.Instance);
        await using var masa = FaultyMasa(port, identity, fault, otherDomain.Certificate);
        await masa.StartAsync();
        var full = host.MintPledge("EALS-DEMO-BAD-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        var pledge = new PledgeCredentials(full.SerialNumber, full.Idevid, full.IdevidKey, null, host.Pki.ManufacturerCa.Certificate);
        var (connection, enroller) = await host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("no voucher for this pledge", result.Reason, StringComparison.Ordinal);
        var view = await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Null(view.Certificate);
        Assert.Contains(view.Timeline, e => e.Step == "voucher" && e.Outcome == "failed" && e.Detail!.Contains(expectedReason, StringComparison.Ordinal));
        await masa.StopAsync();
    }

    private static WebApplication FaultyMasa(int port, MasaSigningIdentity identity, string fault, X509Certificate2 otherDomain)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/.well-known/brski/requestvoucher", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var signed = CoseSign1.ReadUnverified(body.ToArray());
            var voucherRequest = VoucherCbor.DecodeVoucherRequest(signed.Payload);
            var now = DateTimeOffset.UtcNow;
            var voucher = new Voucher(VoucherAssertion.Logged, voucherRequest.SerialNumber, now.AddSeconds(-5),
                PinnedDomainCert: signed.X5Chain[^1], Nonce: voucherRequest.Nonce, ExpiresOn: now.AddHours(1));
            voucher = fault switch
            {
                "nonce" => voucher with { Nonce = [1, 2, 3, 4, 5, 6, 7, 8] },
                "serial" => voucher with { SerialNumber = "EALS-DEMO-SOMEONE-ELSE" },
                "expired" => voucher with { CreatedOn = now.AddHours(-2), ExpiresOn = now.AddHours(-1) },
                _ => voucher with { PinnedDomainCert = otherDomain.RawData },
            };
            byte[] cose = CoseSign1.Sign(VoucherCbor.Encode(voucher), new CoseSigner(identity.Key, null, [identity.Certificate.RawData]));
            return Results.Bytes(cose, "application/voucher-cose+cbor");
        });
        return app;
    }
}
