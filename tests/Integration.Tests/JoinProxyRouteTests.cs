using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Eals.Grains.Pledges;
using Eals.Integration.Tests.Ace;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Pki;

namespace Eals.Integration.Tests;

/// <summary>
/// The draft's other routes through a stateless join proxy (RFC 9031, RFC 8974) over UDP loopback: a
/// pre-shared key's pledge, an ACE pledge (/authz-info then OSCORE) and a Full CMC pledge each enroll as
/// they do talking to the registrar directly, and each is paced as the proxy's site, not the gateway's.
/// </summary>
public sealed class JoinProxyRouteTests : IAsyncLifetime
{
    private const string Token = "join-proxy-routes-operator-token";
    private const string ProxySite = "proxy:127.0.0.1";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-proxy-routes-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _registrar = null!;
    private JoinProxyHost _proxy = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _registrar = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token, "--Gateway:JoinProxies:0", "127.0.0.1");
        _proxy = await JoinProxyHost.StartAsync(_registrar.Port);
        _api = new HttpClient { BaseAddress = _registrar.Http };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _proxy.DisposeAsync();
        await _registrar.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial(string route) => $"EALS-DEMO-JP-{route}-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    [Fact]
    public async Task A_pre_shared_key_pledge_enrolls_through_the_join_proxy()
    {
        var key = PskKeyFile.Mint(NewSerial("PSK"));
        await Psk.PskRegistrar.ImportAsync(_api, key);
        await using var connection = await RegistrarConnection.OpenAsync(_proxy.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar);

        var result = await new PskEnroller(channel, key, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance).EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        await AssertEnrolledThroughTheProxyAsync(key.Serial, result.Certificate!, "psk");
    }

    [Fact]
    public async Task An_ace_pledge_posts_its_token_and_enrolls_through_the_join_proxy()
    {
        var token = await _registrar.TokenForAsync(NewSerial("ACE"));
        await using var connection = await RegistrarConnection.OpenAsync(_proxy.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromSeconds(30) };

        var result = await new AceEnroller(channel, _registrar.Credentials(token), SystemRandomSource.Instance).EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        await AssertEnrolledThroughTheProxyAsync(token.Serial, result.Certificate!, "ace");
    }

    [Fact]
    public async Task A_full_cmc_pledge_enrolls_through_the_join_proxy()
    {
        var pledge = _registrar.MintPledge(NewSerial("CMC"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var connection = await RegistrarConnection.OpenAsync(_proxy.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromSeconds(30) };

        using var issued = await new CmcEnroller(channel, SystemRandomSource.Instance, TimeProvider.System)
            .EnrollAsync(key, pledge.SerialNumber, new CmcSigner(pledge.Idevid, pledge.IdevidKey, []), _registrar.Pki.DomainCa.Certificate);

        await AssertEnrolledThroughTheProxyAsync(pledge.SerialNumber, issued, "cmc");
    }

    private async Task AssertEnrolledThroughTheProxyAsync(string serial, X509Certificate2 certificate, string authenticatedStep)
    {
        Assert.True(CertificateChain.ChainsTo(certificate, [_registrar.Pki.DomainCa.Certificate], DateTimeOffset.UtcNow, out var problem), problem);
        var view = await _registrar.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Contains(view.Timeline, e => e.Step == authenticatedStep);
        Assert.True(_proxy.Statistics.Relayed >= 2, $"relayed {_proxy.Statistics.Relayed}");
        Assert.Equal(0, _proxy.Statistics.Unauthenticated + _proxy.Statistics.Expired + _proxy.Statistics.RateLimited + _proxy.Statistics.Malformed);
        // Paced as the proxy's site; its slot came back once the pledge was enrolled.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement site;
        while (!TryFindSite(await _api.GetFromJsonAsync<JsonElement>("/api/pacing"), ProxySite, out site) || site.GetProperty("inFlight").GetInt32() != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"site {ProxySite} not reported with its slot back");
            await Task.Delay(100);
        }
    }

    private static bool TryFindSite(JsonElement pacing, string name, out JsonElement site)
    {
        foreach (var candidate in pacing.GetProperty("sites").EnumerateArray())
        {
            if (candidate.GetProperty("site").GetString() == name)
            {
                site = candidate;
                return true;
            }
        }
        site = default;
        return false;
    }
}
