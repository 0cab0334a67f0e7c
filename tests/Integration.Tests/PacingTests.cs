using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Integration.Tests.Ace;
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
        // Handshake leases longer than any test here: a trigger's session holds its slot as long as the test needs it.
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token, "--Pacing:MaxInFlight", "1", "--Pacing:HandshakeLease", "00:05:00");
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
    public async Task A_pledge_that_refuses_message_1_with_an_EDHOC_error_frees_the_slot_at_once_every_time()
    {
        await using var pledge = await RegistrarConnection.OpenAsync(_host.Registrar);
        // Six triggers in a row, each refused by the pledge (a method it does not support): the one slot comes back
        // after each, well before the five-minute handshake lease, so the next trigger is admitted again.
        for (int attempt = 0; attempt < 6; attempt++)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            CoapMessage message1;
            while ((message1 = await pledge.Client.SendAsync(pledge.Registrar, Trigger())).Code != CoapCode.Changed)
            {
                Assert.Equal(CoapCode.ServiceUnavailable, message1.Code);
                Assert.True(DateTime.UtcNow < deadline, $"trigger {attempt}: the slot of the refused session never came back");
                await Task.Delay(100);
            }
            var decoded = Protocol.Edhoc.EdhocMessage1.Decode(message1.Payload.ToArray());
            Assert.True(decoded.IsSuccess, "the trigger's answer is not a message_1");
            var refusal = Protocol.Edhoc.EdhocErrorMessage.Unspecified("Method 0 not supported").Encode();
            var error = Trigger();
            error.Payload = Protocol.Edhoc.Transport.EdhocCoapTransport.ContinuationRequest(decoded.Value.ConnectionIdI, refusal);
            var answer = await pledge.Client.SendAsync(pledge.Registrar, error);
            Assert.Equal(CoapCode.Changed, answer.Code);
            await InFlightBecomesAsync(0);
        }
    }

    [Fact]
    public async Task Full_CMC_and_ACE_enrollments_are_paced_like_EDHOC_triggers_and_give_their_slots_back()
    {
        // An EDHOC trigger takes the only slot; its session holds it.
        await using var holder = await RegistrarConnection.OpenAsync(_host.Registrar);
        Assert.Equal(CoapCode.Changed, (await holder.Client.SendAsync(holder.Registrar, Trigger())).Code);
        await InFlightBecomesAsync(1);

        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        // No patience: the first 5.03 ends the attempt, so the test sees the registrar's answer itself.
        var impatient = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.Zero };
        var patient = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromMinutes(1) };

        var cmcPledge = _host.MintPledge("EALS-DEMO-PACED-CMC-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)), vouchers: false);
        using var cmcKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new CmcSigner(cmcPledge.Idevid, cmcPledge.IdevidKey, []);
        var paced = await Assert.ThrowsAsync<EnrollmentStepException>(() =>
            new CmcEnroller(impatient, Protocol.Crypto.SystemRandomSource.Instance, TimeProvider.System).EnrollAsync(cmcKey, cmcPledge.SerialNumber, signer, _host.Pki.DomainCa.Certificate));
        Assert.Contains("paced", paced.Message, StringComparison.Ordinal);

        var token = await _host.TokenForAsync("EALS-DEMO-PACED-ACE-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        var refused = await new AceEnroller(impatient, _host.Credentials(token), Protocol.Crypto.SystemRandomSource.Instance).EnrollAsync();
        Assert.False(refused.Succeeded);
        Assert.Contains("paced", refused.Reason, StringComparison.Ordinal);
        await InFlightBecomesAsync(1);

        (await _api.PutAsJsonAsync("/api/pacing", new { maxInFlight = 2 })).EnsureSuccessStatusCode();
        using var issued = await new CmcEnroller(patient, Protocol.Crypto.SystemRandomSource.Instance, TimeProvider.System)
            .EnrollAsync(cmcKey, cmcPledge.SerialNumber, signer, _host.Pki.DomainCa.Certificate);
        Assert.NotNull(issued);
        var enrolled = await new AceEnroller(patient, _host.Credentials(token), Protocol.Crypto.SystemRandomSource.Instance).EnrollAsync();
        Assert.True(enrolled.Succeeded, $"{enrolled.FailedStep}: {enrolled.Reason}");
        // Both slots came back when their pledges were enrolled; only the EDHOC session still holds one.
        await InFlightBecomesAsync(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a key imported by the release before first-use authentication: its context has no flag
    public async Task A_pre_shared_key_pledge_takes_its_slot_with_its_first_request_and_is_told_to_wait_under_oscore_when_there_is_none(bool contextOfTheReleaseBefore)
    {
        await using var holder = await RegistrarConnection.OpenAsync(_host.Registrar);
        Assert.Equal(CoapCode.Changed, (await holder.Client.SendAsync(holder.Registrar, Trigger())).Code);
        await InFlightBecomesAsync(1);

        var key = PskKeyFile.Mint("EALS-PSK-PACED-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        await Psk.PskRegistrar.ImportAsync(_api, key);
        if (contextOfTheReleaseBefore)
        {
            await Psk.PskRegistrar.EstablishAsTheReleaseBeforeDidAsync(_host, key);
        }
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var sequence = new Protocol.Oscore.InMemoryOscoreSequenceNumberStore();

        // The registrar's 5.03 comes protected (the pledge's request verified): no patience ends the attempt on it.
        var impatient = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.Zero };
        var paced = await new PskEnroller(impatient, key, sequence, Protocol.Crypto.SystemRandomSource.Instance).EnrollAsync();
        Assert.False(paced.Succeeded);
        Assert.Contains("enrollment paced", paced.Reason, StringComparison.Ordinal);
        var waiting = await _host.Grains.GetGrain<Grains.Pledges.IPledgeGrain>(key.Serial).GetAsync();
        Assert.DoesNotContain(waiting.Timeline, e => e.Step == "psk");
        Assert.Null(waiting.Certificate);
        await InFlightBecomesAsync(1);

        (await _api.PutAsJsonAsync("/api/pacing", new { maxInFlight = 2 })).EnsureSuccessStatusCode();
        var patient = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromMinutes(1) };
        var enrolled = await new PskEnroller(patient, key, sequence, Protocol.Crypto.SystemRandomSource.Instance).EnrollAsync();
        Assert.True(enrolled.Succeeded, $"{enrolled.FailedStep}: {enrolled.Reason}");
        var view = await _host.Grains.GetGrain<Grains.Pledges.IPledgeGrain>(key.Serial).GetAsync();
        Assert.Single(view.Timeline, e => e.Step == "psk");
        // Its slot came back when it was enrolled; only the EDHOC session still holds one.
        await InFlightBecomesAsync(1);
    }

    [Fact]
    public async Task The_operator_api_is_described_by_openapi_to_authenticated_callers_only()
    {
        using (var anonymous = new HttpClient { BaseAddress = _host.Http })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Eals.Dashboard.DashboardEndpoints.OpenApiPath)).StatusCode);
        }
        var document = await _api.GetFromJsonAsync<JsonElement>(Eals.Dashboard.DashboardEndpoints.OpenApiPath);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/pacing", "/api/approvals", "/api/approvals/{serial}/approve", "/api/pledges/{serial}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        }
        Assert.True(paths.GetProperty("/api/pacing").TryGetProperty("put", out _));
    }

    [Fact]
    public async Task Pledges_beyond_the_cap_all_enroll_in_turn_and_every_slot_comes_back()
    {
        var enrollments = Enumerable.Range(0, 4).Select(async i =>
        {
            // On the demo allow-list (EALS-DEMO-*), so only pacing makes them wait.
            var pledge = _host.MintPledge("EALS-DEMO-PACED-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)), vouchers: false);
            var (connection, enroller) = await _host.ConnectAsync(pledge);
            await using var _ = connection;
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            return await enroller.EnrollAsync(deadline.Token);
        });
        var results = await Task.WhenAll(enrollments);
        Assert.All(results, r => Assert.NotNull(r.Certificate));

        await InFlightBecomesAsync(0);
    }

    [Fact]
    public async Task A_burst_of_5000_triggers_from_5000_pledges_over_udp_is_answered_every_one_within_the_cap()
    {
        const int Pledges = 5000;
        var registrar = new IPEndPoint(IPAddress.Loopback, _host.Port);
        var sockets = Enumerable.Range(0, Pledges).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        try
        {
            // Every pledge sends one CON trigger at once, and again with the Echo it was given; each gets 2.04
            // (admitted) or 5.03 with Max-Age, piggybacked or, when the gateway took longer than it waits, as a separate response.
            var answers = await Task.WhenAll(sockets.Select((socket, i) => TriggerOnceAsync(socket, registrar, (ushort)i)));
            Assert.All(answers, answer => Assert.True(
                answer.Code == CoapCode.Changed || answer.Code == CoapCode.ServiceUnavailable && answer.MaxAge >= 1,
                $"answer {answer.Code} (Max-Age {answer.MaxAge})"));
            int admitted = answers.Count(a => a.Code == CoapCode.Changed);
            Assert.InRange(admitted, 1, 1); // the cap is 1; the first admitted holds it
            var view = await PacingAsync();
            Assert.True(view.GetProperty("inFlight").GetInt32() <= 1);
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private static async Task<(CoapCode Code, uint MaxAge)> TriggerOnceAsync(Socket socket, IPEndPoint registrar, ushort messageId)
    {
        var trigger = Trigger();
        trigger.MessageId = messageId;
        var answer = await ExchangeOnceAsync(socket, registrar, trigger);
        // Return routability (RFC 9175 section 2.4): the first answer is 4.01 with Echo; the same trigger echoing it
        // (a new Message ID) is the one that is admitted or paced.
        Assert.Equal(CoapCode.Unauthorized, answer.Code);
        Assert.True(answer.TryGetOption(CoapOptionNumber.Echo, out var echo), "4.01 without Echo");
        trigger.AddOption(CoapOptionNumber.Echo, echo.Value.ToArray());
        trigger.MessageId = (ushort)(messageId + 0x8000);
        trigger.Token = RandomNumberGenerator.GetBytes(4);
        answer = await ExchangeOnceAsync(socket, registrar, trigger);
        return (answer.Code, answer.TryGetUInt(CoapOptionNumber.MaxAge, out uint maxAge) ? maxAge : 0);
    }

    private static async Task<CoapMessage> ExchangeOnceAsync(Socket socket, IPEndPoint registrar, CoapMessage request)
    {
        byte[] datagram = CoapMessageSerializer.Serialize(request);
        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.SendToAsync(datagram, SocketFlags.None, registrar, deadline.Token);
        var resend = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            // CoAP retransmission of the CON if nothing came back (the kernel may drop datagrams of a burst).
            var receive = socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token).AsTask();
            while (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(1), deadline.Token)) != receive)
            {
                if (DateTime.UtcNow > resend)
                {
                    await socket.SendToAsync(datagram, SocketFlags.None, registrar, deadline.Token);
                    resend = DateTime.UtcNow.AddSeconds(5);
                }
            }
            var parsed = CoapMessageParser.Parse(buffer.AsMemory(0, (await receive).ReceivedBytes).ToArray());
            Assert.True(parsed.IsSuccess);
            var message = parsed.Message;
            if (message.Code == CoapCode.Empty)
            {
                continue; // an empty ACK: the response follows separately
            }
            if (message.Type == CoapMessageType.Confirmable)
            {
                var ack = new byte[4];
                CoapMessageSerializer.WriteEmpty(ack, CoapMessageType.Acknowledgement, message.MessageId);
                await socket.SendToAsync(ack, SocketFlags.None, registrar, deadline.Token);
            }
            if (!message.Token.Span.SequenceEqual(request.Token.Span))
            {
                continue; // a late answer to the earlier request
            }
            return message;
        }
    }
}
