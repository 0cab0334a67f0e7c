using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Gateway.Transport;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Integration.Tests;

/// <summary>
/// Return routability before state on the embedded default (RFC 9175 section 2.4): a trigger or a forward message_1
/// from an address that has not echoed a fresh value gets 4.01 with Echo, no larger than what it sent, and takes
/// no slot; the same request echoing the value starts the session; our pledge does this by itself.
/// </summary>
public sealed class EchoTests : IAsyncLifetime
{
    private const string Token = "echo-test-operator-token";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-echo-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token);
        _api = new HttpClient { BaseAddress = _host.Http };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static byte[] EchoOf(CoapMessage response)
    {
        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.True(response.TryGetOption(CoapOptionNumber.Echo, out var echo), "4.01 without Echo");
        return echo.Value.ToArray();
    }

    private static void AssertMessage1(CoapMessage response)
    {
        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.True(EdhocResponder.ProcessMessage1(response.Payload.ToArray(), new EdhocResponderOptions([2]), DefaultCipherSuiteCrypto.Instance).IsSuccess, "not a message_1");
    }

    /// <summary>The pacing figures once the sites' reports show at least <paramref name="atLeast"/> in flight (they report within a second).</summary>
    private async Task<JsonElement> PacingOnceInFlightAsync(int atLeast)
    {
        for (int poll = 0; ; poll++)
        {
            var pacing = await _api.GetFromJsonAsync<JsonElement>("/api/pacing");
            if (pacing.GetProperty("inFlight").GetInt32() >= atLeast)
            {
                return pacing;
            }
            Assert.True(poll < 200, $"never {atLeast} in flight: {pacing}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_trigger_without_echo_gets_a_small_4_01_and_no_slot_and_the_repeat_with_the_echo_gets_message_1()
    {
        using var pledge = new RawCoapSocket(_host.Registrar);

        var (challenge, size, requestSize) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost());
        var echo = EchoOf(challenge);
        Assert.True(size <= requestSize, $"the 4.01 is {size} bytes, the trigger was {requestSize}");
        // Nine more unproven triggers from other ports: none of them may take a slot or wait for one.
        for (int i = 0; i < 9; i++)
        {
            using var stranger = new RawCoapSocket(_host.Registrar);
            EchoOf((await stranger.ExchangeAsync(RawCoapSocket.EdhocPost())).Response);
        }

        var (started, _, _) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(echo: echo));

        AssertMessage1(started);
        // The reports that show this session's slot show everything before it: ten challenged triggers took none.
        var pacing = await PacingOnceInFlightAsync(1);
        Assert.Equal(1, pacing.GetProperty("inFlight").GetInt32());
        Assert.Equal(0, pacing.GetProperty("waiting").GetInt32());
        // The operator sees it on /metrics: ten turned away for want of an Echo, one admitted (at least: the meter is
        // collected by name, so a host of another test running in this process at the same time adds to it).
        using var anonymous = new HttpClient { BaseAddress = _host.Http };
        string scraped = await anonymous.GetStringAsync("/metrics");
        Assert.True(EchoCount(scraped, "missing") >= 10, scraped);
        Assert.True(EchoCount(scraped, "admitted") >= 1, scraped);
    }

    private static long EchoCount(string prometheus, string outcome)
    {
        var line = System.Text.RegularExpressions.Regex.Match(prometheus, $"^eals_coap_echo_total\\{{[^}}]*outcome=\"{outcome}\"[^}}]*\\}} (\\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        return line.Success ? long.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task A_forward_message_1_needs_the_echo_too()
    {
        using var pledge = new RawCoapSocket(_host.Registrar);
        var message1 = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.SignatureSignature, [2], [0x05]), DefaultCipherSuiteCrypto.Instance, SystemRandomSource.Instance).Message;

        var (challenge, size, requestSize) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(EdhocCoapTransport.Message1Request(message1)));
        Assert.True(size <= requestSize, $"the 4.01 is {size} bytes, message_1 was {requestSize}");
        var (answer, _, _) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(EdhocCoapTransport.Message1Request(message1), EchoOf(challenge)));

        Assert.Equal(CoapCode.Changed, answer.Code); // message_2
        Assert.Equal(EdhocCoapTransport.ResponseContentFormat, answer.ContentFormat);
    }

    [Fact]
    public async Task A_stale_echo_or_one_sent_to_another_address_gets_4_01_again()
    {
        using var pledge = new RawCoapSocket(_host.Registrar);
        using var other = new RawCoapSocket(_host.Registrar);
        var values = new EchoChallenge(_host.Services.GetRequiredService<RoutingKeys>().Echo, EchoChallenge.DefaultWindow, EchoChallenge.DefaultSkew);
        string binding = PeerAddress.FromEndPoint(pledge.LocalEndPoint).ToString();
        var othersEcho = EchoOf((await other.ExchangeAsync(RawCoapSocket.EdhocPost())).Response);

        var stale = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(echo: values.Issue(DateTimeOffset.UtcNow.AddMinutes(-5), binding)));
        var foreign = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(echo: othersEcho));
        EchoOf(stale.Response);
        EchoOf(foreign.Response);
        Assert.Equal("stale Echo", RegistrarChannel.Diagnostic(stale.Response));
        Assert.Equal("invalid Echo", RegistrarChannel.Diagnostic(foreign.Response));

        // The control: a value made now for this address, with the deployment's key, is admitted.
        AssertMessage1((await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(echo: values.Issue(DateTimeOffset.UtcNow, binding)))).Response);
    }

    [Fact]
    public async Task The_pledge_repeats_with_the_echo_by_itself_and_enrolls()
    {
        var pledge = _host.MintPledge("EALS-DEMO-ECHO-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)));
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
    }
}
