using System.Security.Cryptography;
using System.Text;
using Eals.Grains.Pledges;
using Eals.Pledge;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Integration.Tests;

/// <summary>
/// Pledges enrolling through a stateless join proxy (RFC 9031, RFC 8974) over UDP loopback: the pledge talks to
/// the proxy as to its registrar; the proxy relays to the embedded registrar with its sealed extended tokens.
/// </summary>
public sealed class JoinProxyTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-proxy-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _registrar = null!;

    public async Task InitializeAsync() => _registrar = await RegistrarHost.StartAsync(_data, 0, "--Gateway:JoinProxies:0", "127.0.0.1");

    public async Task DisposeAsync()
    {
        await _registrar.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial() => "EALS-DEMO-JP-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    private void AssertIssuedByTheDomain(X509Certificate2 certificate)
        => Assert.True(CertificateChain.ChainsTo(certificate, [_registrar.Pki.DomainCa.Certificate], DateTimeOffset.UtcNow, out var problem), problem);

    [Fact]
    public async Task A_zero_touch_pledge_behind_the_join_proxy_enrolls_end_to_end()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_registrar.Port);
        var minted = _registrar.MintPledge(NewSerial());
        var pledge = new PledgeCredentials(minted.SerialNumber, minted.Idevid, minted.IdevidKey, null, _registrar.Pki.ManufacturerCa.Certificate);
        await using var connection = await RegistrarConnection.OpenAsync(proxy.Registrar);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, pledge, SystemRandomSource.Instance);

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        AssertIssuedByTheDomain(result.Certificate!);
        Assert.Equal(_registrar.Pki.DomainCa.Certificate.RawData, enroller.LastVoucher!.PinnedDomainCert);
        var view = await _registrar.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Contains(view.Timeline, e => e.Step == "voucher" && e.Outcome == "issued");
        Assert.Contains(view.Timeline, e => e.Step == "enroll-status" && e.Outcome == "success");
        // Trigger, message_2, voucher status, enrollment and enroll status at least, all relayed; nothing forged or refused.
        Assert.True(proxy.Statistics.Forwarded >= 5, $"forwarded {proxy.Statistics.Forwarded}");
        Assert.True(proxy.Statistics.Relayed >= 5, $"relayed {proxy.Statistics.Relayed}");
        Assert.Equal(0, proxy.Statistics.Unauthenticated + proxy.Statistics.Expired + proxy.Statistics.RateLimited + proxy.Statistics.Malformed);
    }

    [Fact]
    public async Task A_fleet_of_50_enrolls_through_one_join_proxy()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_registrar.Port);
        var simulator = new FleetSimulator(new FleetOptions { Count = 50, Registrar = proxy.Registrar, DataFolder = _data, Concurrency = 10 });

        var report = await simulator.RunAsync();

        Assert.True(report.Failed == 0, report.Summary());
        Assert.Equal(50, report.Enrolled);
        Assert.True(proxy.Statistics.Relayed >= 250, $"relayed {proxy.Statistics.Relayed}");
        Assert.Equal(0, proxy.Statistics.Unauthenticated);
    }

    [Fact]
    public async Task The_enroll_command_enrolls_a_device_through_the_join_proxy()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_registrar.Port);
        var device = _registrar.MintPledge(NewSerial());
        string folder = Path.Combine(_data, "device");
        PledgeFiles.WriteIdevid(folder, device.Idevid, device.IdevidKey);
        string masa = Path.Combine(folder, "manufacturer.pem");
        await File.WriteAllTextAsync(masa, _registrar.Pki.ManufacturerCa.Certificate.ExportCertificatePem());
        var error = new StringWriter();

        int exit = await EnrollCommand.RunAsync(
            ["--idevid", Path.Combine(folder, "idevid.pem"), "--key", Path.Combine(folder, "idevid.key"), "--masa", masa,
             "--registrar", proxy.Registrar.ToString(), "--out", folder],
            new StringWriter(), error);

        Assert.True(exit == 0, error.ToString());
        AssertIssuedByTheDomain(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "ldevid.pem"))));
    }

    [Fact]
    public async Task Beyond_its_burst_the_proxy_answers_5_03_with_max_age_and_forwards_nothing()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_registrar.Port, rate: 0.01, burst: 2);
        await using var connection = await RegistrarConnection.OpenAsync(proxy.Registrar);

        var answers = new List<CoapMessage>();
        for (int i = 0; i < 4; i++)
        {
            answers.Add(await connection.Client.SendAsync(connection.Registrar, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "no-such-resource")));
        }

        // The first two reach the registrar (which has no such resource); the rest the proxy answers itself.
        Assert.Equal([CoapCode.NotFound, CoapCode.NotFound, CoapCode.ServiceUnavailable, CoapCode.ServiceUnavailable], answers.Select(a => a.Code));
        Assert.All(answers[2..], busy =>
        {
            Assert.True(busy.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge));
            Assert.InRange(maxAge, 99u, 100u); // one request per 100 s
            Assert.StartsWith("join proxy busy", Encoding.UTF8.GetString(busy.Payload.Span), StringComparison.Ordinal);
        });
        Assert.Equal((2, 2), (proxy.Statistics.Forwarded, proxy.Statistics.RateLimited));
    }

    [Fact]
    public async Task A_join_proxy_without_a_usable_upstream_refuses_to_start_and_says_what_to_fix()
    {
        var refusal = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => JoinProxyHost.StartAsync("registrar"));

        Assert.Contains("JoinProxy:Upstream is 'registrar'", refusal.Message, StringComparison.Ordinal);
    }
}
