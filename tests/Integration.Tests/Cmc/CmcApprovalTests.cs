using System.Security.Cryptography;
using System.Text;
using Eals.Grains.Approvals;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Cmc;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;

namespace Eals.Integration.Tests.Cmc;

/// <summary>A full CMC request from a pledge only an operator can admit waits (5.03 + Max-Age) like an EDHOC one, then enrolls.</summary>
public sealed class CmcApprovalTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-cmc-approval-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:AllowList:0", "NONE", "--Registrar:PendingRetryAfter", "00:00:07");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_pledge_waiting_for_an_operator_gets_5_03_with_Max_Age_and_enrolls_once_approved()
    {
        var pledge = _host.MintPledge("EALS-DEMO-CMC-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = FullPkiRequest.Create(Pkcs10RequestBuilder.ForDevice(key, pledge.SerialNumber), SystemRandomSource.Instance);
        byte[] signed = request.Sign(pledge.Idevid, pledge.IdevidKey, [], DateTimeOffset.UtcNow);
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);

        var waiting = await FullCmcPosts.PostAsync(connection, signed);
        var approval = await _host.Grains.GetGrain<IApprovalGrain>(pledge.SerialNumber).GetAsync();
        await _host.Grains.GetGrain<IApprovalGrain>(pledge.SerialNumber).DecideAsync(true, "operator", "ticket 42");
        var enrolled = await FullCmcPosts.PostAsync(connection, signed);

        Assert.Equal(CoapCode.ServiceUnavailable, waiting.Code);
        Assert.True(waiting.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge));
        Assert.Equal(7u, maxAge);
        Assert.Contains("operator", Encoding.UTF8.GetString(waiting.Payload.Span), StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, approval!.Status);
        // The same request, repeated after the wait, is not a replay: nothing was remembered while it waited.
        Assert.Equal(CoapCode.Changed, enrolled.Code);
        var (response, _) = FullPkiResponse.Open(enrolled.Payload);
        Assert.Equal(CmcStatus.Success, response.Status);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
    }
}
