using Eals.Tests.Shared;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Approvals;
using Eals.Grains.Pledges;
using Eals.Masa;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Integration.Tests;

/// <summary>
/// Zero-touch trust (RFC 8995 in the constrained form): the pledge trusts the domain only because its
/// manufacturer's MASA, a real HTTP server on loopback, says so in a voucher carried in EAD_3.
/// </summary>
public sealed class VoucherTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-voucher-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string NewSerial() => "EALS-DEMO-V-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    /// <summary>A pledge that knows nothing of the domain: only its IDevID and its manufacturer's MASA anchor.</summary>
    private static PledgeCredentials ZeroTouch(RegistrarHost host, string serial, X509Certificate2? masaAnchor = null)
    {
        var full = host.MintPledge(serial);
        return new PledgeCredentials(serial, full.Idevid, full.IdevidKey, null, masaAnchor ?? host.Pki.ManufacturerCa.Certificate);
    }

    [Fact]
    public async Task A_pledge_with_only_its_masa_anchor_learns_the_domain_from_the_voucher_and_enrolls()
    {
        await using var host = await RegistrarHost.StartAsync(_data);
        var pledge = ZeroTouch(host, NewSerial());
        var (connection, enroller) = await host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        var voucher = enroller.LastVoucher!;
        Assert.Equal(pledge.SerialNumber, voucher.SerialNumber);
        Assert.Equal(host.Pki.DomainCa.Certificate.RawData, voucher.PinnedDomainCert);
        Assert.Equal(8, voucher.Nonce!.Length);
        var view = await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Contains(view.Timeline, e => e.Step == "voucher" && e.Outcome == "issued");
        Assert.Contains(view.Timeline, e => e.Step == "voucher-status" && e.Outcome == "success");
        Assert.Contains(view.Timeline, e => e.Step == "enroll-status" && e.Outcome == "success");
        var approval = await host.Grains.GetGrain<IApprovalGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(Convert.ToHexStringLower(voucher.Nonce), approval!.Voucher!.NonceHex);
        Assert.Contains("MASA", approval.Voucher.Masa, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pledge_that_trusts_another_masa_refuses_the_voucher_and_gets_no_certificate()
    {
        await using var host = await RegistrarHost.StartAsync(_data);
        using var stranger = CertificateAuthority.CreateSelfSigned(new X500DistinguishedName("CN=Some Other Manufacturer"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1), SystemRandomSource.Instance);
        var pledge = ZeroTouch(host, NewSerial(), stranger.Certificate);
        var (connection, enroller) = await host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.False(result.Succeeded);
        Assert.Equal("voucher", result.FailedStep);
        Assert.Contains(nameof(VoucherError.UntrustedSigner), result.Reason, StringComparison.Ordinal);
        var view = await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Null(view.Certificate);
        // The pledge told the registrar with an EDHOC error: the context it never used is gone.
        Assert.Contains(view.Timeline, e => e.Step == "voucher" && e.Outcome == "failed" && e.Detail!.Contains("refused message_3", StringComparison.Ordinal));
        var probe = Protocol.Coap.CoapMessage.Request(Protocol.Coap.CoapMessageType.Confirmable, Protocol.Coap.CoapCode.Post);
        probe.AddOption(Protocol.Coap.CoapOptionNumber.Oscore, new Protocol.Oscore.OscoreOptionValue([1], null, enroller.LastConnectionIdI).Encode());
        probe.Payload = new byte[16];
        var answer = Protocol.Coap.CoapMessageParser.Parse((await host.Grains.GetGrain<Grains.Oscore.ISecurityContextGrain>(Convert.ToHexStringLower(enroller.LastConnectionIdI!)).HandleAsync(Protocol.Coap.CoapMessageSerializer.Serialize(probe), "test-site", "test-pledge")).Message);
        Assert.Equal("Security context not found", System.Text.Encoding.UTF8.GetString(answer.Message!.Payload.Span));
    }

    [Fact]
    public async Task While_the_masa_is_down_the_pledge_waits_and_completes_once_it_is_up()
    {
        int masaPort = FreePorts.Tcp();
        string masaUrl = $"http://127.0.0.1:{masaPort}";
        await using var host = await RegistrarHost.StartAsync(_data, 0,
            "--Masa:Hosted", "false", "--Registrar:Masa:Url", masaUrl + "/", "--Registrar:Masa:MaxBackoff", "00:00:02");
        var pledge = ZeroTouch(host, NewSerial());
        var (connection, enroller) = await host.ConnectAsync(pledge);
        await using var _ = connection;
        var enrollment = enroller.EnrollAsync();

        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!(await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync()).Timeline.Any(e => e.Step == "masa" && e.Outcome == "unreachable"))
            {
                await Task.Delay(100, deadline.Token);
            }
        }
        Assert.False(enrollment.IsCompleted);
        await using var masa = MasaHost.Build(["--data", _data, "--urls", masaUrl]);
        await masa.StartAsync();

        var result = await enrollment;

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Equal(1, result.Attempts);
        await masa.StopAsync();
    }

    [Fact]
    public async Task A_pledge_claimed_by_one_domain_gets_no_voucher_from_another()
    {
        string otherData = _data + "-other";
        await using var first = await RegistrarHost.StartAsync(_data);
        var pledge = ZeroTouch(first, NewSerial());
        var (connection, enroller) = await first.ConnectAsync(pledge);
        await using (connection)
        {
            Assert.True((await enroller.EnrollAsync()).Succeeded);
        }

        // A second domain (its own CA and registrar), same manufacturer, asking the same MASA.
        Directory.CreateDirectory(Path.Combine(otherData, "manufacturer"));
        foreach (string file in new[] { "ca.pem", "ca.key" })
        {
            File.Copy(Path.Combine(_data, "manufacturer", file), Path.Combine(otherData, "manufacturer", file));
        }
        try
        {
            await using var second = await RegistrarHost.StartAsync(otherData, 0, "--Masa:Hosted", "false", "--Registrar:Masa:Url", new Uri(first.Http, "/masa/").ToString());
            var (otherConnection, otherEnroller) = await second.ConnectAsync(pledge);
            await using var _ = otherConnection;

            var result = await otherEnroller.EnrollAsync();

            Assert.False(result.Succeeded);
            Assert.Contains("no voucher for this pledge", result.Reason, StringComparison.Ordinal);
            var view = await second.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
            Assert.Null(view.Certificate);
            Assert.Contains(view.Timeline, e => e.Step == "masa" && e.Outcome == "refused");
        }
        finally
        {
            Directory.Delete(otherData, recursive: true);
        }
    }
}
