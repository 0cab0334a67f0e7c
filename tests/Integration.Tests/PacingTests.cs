using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;

namespace Eals.Integration.Tests;

/// <summary>
/// Pacing over UDP on the embedded default: a trigger beyond the cap gets 5.03 with Max-Age and a
/// diagnostic; the operator API shows and changes the caps at run time (authenticated, problem details
/// on a bad change); enrolled pledges give their slots back.
/// </summary>
public sealed class PacingTests : IAsyncLifetime
{
    private const string Token = "pacing-test-operator-token";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-pacing-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token, "--Pacing:MaxInFlight", "1");
        _api = new HttpClient { BaseAddress = _host.Http };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static CoapMessage Trigger() => CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc", RandomNumberGenerator.GetBytes(4));

    private async Task<JsonElement> PacingAsync() => await _api.GetFromJsonAsync<JsonElement>("/api/pacing");

    // The API shows the figures the sites last reported (within a second of a change).
    private async Task InFlightBecomesAsync(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int inFlight;
        while ((inFlight = (await PacingAsync()).GetProperty("inFlight").GetInt32()) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{inFlight} in flight, expected {expected}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_trigger_beyond_the_cap_waits_with_max_age_until_the_operator_raises_the_cap()
    {
        await using var first = await RegistrarConnection.OpenAsync(_host.Registrar);
        await using var second = await RegistrarConnection.OpenAsync(_host.Registrar);

        var admitted = await first.Client.SendAsync(first.Registrar, Trigger());
        Assert.Equal(CoapCode.Changed, admitted.Code);

        var paced = await second.Client.SendAsync(second.Registrar, Trigger());
        Assert.Equal(CoapCode.ServiceUnavailable, paced.Code);
        Assert.True(paced.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge) && maxAge >= 1, "5.03 without Max-Age");
        Assert.Contains("paced", Encoding.UTF8.GetString(paced.Payload.Span));

        Assert.Equal(1, (await PacingAsync()).GetProperty("settings").GetProperty("maxInFlight").GetInt32());
        await InFlightBecomesAsync(1);

        using (var anonymous = new HttpClient { BaseAddress = _host.Http })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/pacing")).StatusCode);
        }
        var refused = await _api.PutAsJsonAsync("/api/pacing", new { maxInFlight = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, (await PacingAsync()).GetProperty("settings").GetProperty("maxInFlight").GetInt32());

        var raised = await _api.PutAsJsonAsync("/api/pacing", new { maxInFlight = 2 });
        raised.EnsureSuccessStatusCode();
        // The waiting pledge comes back (sooner than Max-Age: the test compresses time) and is admitted.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        CoapMessage retry;
        while ((retry = await second.Client.SendAsync(second.Registrar, Trigger())).Code != CoapCode.Changed)
        {
            Assert.Equal(CoapCode.ServiceUnavailable, retry.Code);
            Assert.True(DateTime.UtcNow < deadline, "still paced after the cap was raised");
            await Task.Delay(200);
        }
        await InFlightBecomesAsync(2);
        await _api.PutAsJsonAsync("/api/pacing", new { maxInFlight = 1 });
    }

    [Fact]
    public async Task Pledges_beyond_the_cap_all_enroll_in_turn_and_every_slot_comes_back()
    {
        var enrollments = Enumerable.Range(0, 4).Select(async i =>
        {
            var pledge = _host.MintPledge("PACED-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)), vouchers: false);
            var (connection, enroller) = await _host.ConnectAsync(pledge);
            await using var _ = connection;
            return await enroller.EnrollAsync();
        });
        var results = await Task.WhenAll(enrollments);
        Assert.All(results, r => Assert.NotNull(r.Certificate));

        await InFlightBecomesAsync(0);
    }
}
