using Eals.Tests.Shared;
using System.Security.Cryptography;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;

namespace Eals.Integration.Tests;

/// <summary>Nothing accepted is lost: a silo restart between EDHOC and the CSR, and a lossy network.</summary>
public sealed class RestartAndLossTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-it-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_pledge_completes_after_the_silo_restarts_between_edhoc_and_its_csr()
    {
        int port = FreePorts.Udp();
        var first = await RegistrarHost.StartAsync(_data, port);
        var pledge = first.MintPledge("EALS-DEMO-RESTART-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        var (connection, enroller) = await first.ConnectAsync(pledge);
        await using var _ = connection;
        using var context = await enroller.RunEdhocAsync();
        await first.DisposeAsync();

        await using var second = await RegistrarHost.StartAsync(_data, port);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = await enroller.RequestCertificateAsync(context, key, ".well-known/est/sen");

        var view = await second.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
    }

    [Fact]
    public async Task With_20_percent_loss_both_ways_every_pledge_enrolls()
    {
        await using var host = await RegistrarHost.StartAsync(_data);
        var fleet = new FleetSimulator(new FleetOptions
        {
            Count = 12,
            Concurrency = 6,
            Loss = 0.2,
            AckTimeout = TimeSpan.FromMilliseconds(300),
            Registrar = host.Registrar,
            DataFolder = _data,
        });

        var report = await fleet.RunAsync();

        Assert.True(report.Failed == 0, report.Summary());
        Assert.Equal(12, report.Enrolled);
        var files = report.Results.Keys.Select(serial => Path.Combine(PledgeFiles.FolderFor(_data, serial), "ldevid.pem")).ToList();
        Assert.All(files, file => Assert.True(File.Exists(file), file));
        var (exit, output) = OpenSsl.Run(["verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), .. files]);
        Assert.True(exit == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(line => line.EndsWith(": OK", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_edhoc_session_the_pledge_abandons_times_out_and_is_not_completed_later()
    {
        await using var host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:EdhocSessionTimeout", "00:00:01");
        var pledge = host.MintPledge("EALS-DEMO-SLOW-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        await using var connection = await RegistrarConnection.OpenAsync(host.Registrar);
        var trigger = Protocol.Coap.CoapMessage.Request(Protocol.Coap.CoapMessageType.Confirmable, Protocol.Coap.CoapCode.Post, ".well-known/edhoc");
        var message1 = (await connection.Client.SendAsync(connection.Registrar, trigger)).Payload.ToArray();
        var responder = Protocol.Edhoc.EdhocResponder.ProcessMessage1(message1, new Protocol.Edhoc.EdhocResponderOptions([2]), Protocol.Crypto.DefaultCipherSuiteCrypto.Instance).Value;
        var message2 = responder.PrepareMessage2(pledge.EdhocIdentity, [0x07], Protocol.Crypto.SystemRandomSource.Instance).Value.Message;

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the registrar's timeout is 1 s: this pledge is too slow
        var late = Protocol.Coap.CoapMessage.Request(Protocol.Coap.CoapMessageType.Confirmable, Protocol.Coap.CoapCode.Post, ".well-known/edhoc");
        late.Payload = Protocol.Edhoc.Transport.EdhocCoapTransport.ContinuationRequest(responder.ConnectionIdI, message2);
        var answer = await connection.Client.SendAsync(connection.Registrar, late);

        Assert.Equal(Protocol.Coap.CoapCode.BadRequest, answer.Code);
        Assert.True(Protocol.Edhoc.EdhocErrorMessage.Decode(answer.Payload.ToArray()).IsSuccess);
        Assert.Equal(PledgeStatus.Unknown, (await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync()).Status);
    }
}
