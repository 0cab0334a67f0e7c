using Eals.Tests.Shared;
using System.Security.Cryptography;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Ace;
using Eals.Protocol.Coap;

namespace Eals.Integration.Tests.Ace;

/// <summary>A registrar whose authorization server does not answer tells the pledge to come back (5.03 + Max-Age) and keeps nothing.</summary>
public sealed class AceUnreachableTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-ace-down-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistrarHost.StartAsync(_data, 0,
        "--Registrar:Masa:Url", $"http://127.0.0.1:{FreePorts.Tcp()}/", "--Registrar:PendingRetryAfter", "00:00:07");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_authorization_server_gets_5_03_with_Max_Age_and_no_state()
    {
        // The manufacturer's AS (the embedded MASA) issues the token; the registrar is pointed at a port where nothing listens.
        var token = await _host.TokenForAsync("EALS-DEMO-ACE-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "authz-info");
        request.Payload = new AuthzInfoRequest(_host.Credentials(token).AccessToken, RandomNumberGenerator.GetBytes(8), [0x05]).Encode();
        request.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.AceCbor);

        var response = await connection.Client.SendAsync(connection.Registrar, request);

        Assert.Equal(CoapCode.ServiceUnavailable, response.Code);
        Assert.True(response.TryGetUInt(CoapOptionNumber.MaxAge, out var maxAge));
        Assert.Equal(7u, maxAge);
        Assert.Contains("unreachable", RegistrarChannel.Diagnostic(response), StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.Unknown, (await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync()).Status);
    }
}
