using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Eals.Dashboard.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Integration.Tests.Operator;

/// <summary>
/// The live stream (server-sent events): with every pledge needing an operator, a pledge that starts
/// waiting shows up as an approval-queue event, and once approved, its state changes arrive as it enrolls.
/// </summary>
public sealed class LiveEventsTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-live-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", EnrolledFleet.Token,
            "--Registrar:PendingRetryAfter", "00:00:01", "--Registrar:AllowList:0", "NONE");
        _api = EnrolledFleet.Authorized(_host);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_waiting_pledge_appears_in_the_queue_event_and_its_enrollment_as_state_changes_after_approval()
    {
        await using var events = await ServerSentEvents.OpenAsync(_api);
        Assert.Equal("text/event-stream", events.ContentType);
        var first = await events.NextAsync("fleet", _ => true);
        Assert.Equal(0, first.GetProperty("pendingApprovals").GetInt32());

        var pledge = _host.MintPledge("ACME-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        var enrollment = enroller.EnrollAsync();

        var queued = await events.NextAsync("approvals", a => a.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("serial").GetString() == pledge.SerialNumber));
        var record = queued.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("serial").GetString() == pledge.SerialNumber);
        Assert.Equal("Pending", record.GetProperty("status").GetString());
        Assert.Equal(pledge.SerialNumber, record.GetProperty("voucher").GetProperty("serial").GetString());
        Assert.False(enrollment.IsCompleted);

        (await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/approve", new { reason = "live test" })).EnsureSuccessStatusCode();

        await events.AllAsync(
            ("pledges", p => p.GetProperty("changes").EnumerateArray()
                .Any(c => c.GetProperty("serial").GetString() == pledge.SerialNumber && c.GetProperty("status").GetString() == "Enrolled")),
            ("approvals", a => a.GetProperty("total").GetInt32() == 0));
        Assert.True((await enrollment).Succeeded);
    }

    [Fact]
    public async Task Clients_share_one_producer_get_the_current_figures_at_once_and_leave_cleanly()
    {
        var hub = _host.Services.GetRequiredService<LiveEventHub>();
        await using (var one = await ServerSentEvents.OpenAsync(_api))
        {
            await one.NextAsync("fleet", _ => true);
            await using var two = await ServerSentEvents.OpenAsync(_api);
            var figures = await two.NextAsync("fleet", _ => true);
            Assert.Equal(JsonValueKind.Object, figures.GetProperty("counts").ValueKind);
            Assert.Equal(2, hub.ClientCount);
        }
        await Eals.Pacing.Tests.Eventually.TrueAsync(() => Task.FromResult(hub.ClientCount == 0), "closed streams stayed subscribed");
    }
}
