using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;

namespace Eals.Integration.Tests;

/// <summary>
/// A pledge that no allow-list entry or group approves waits (5.03 + Max-Age on message_2) until an
/// operator decides through the authenticated JSON API; approve lets the same message_2 complete,
/// reject ends it with an EDHOC error. Decisions are recorded with who, when and why.
/// </summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private const string Token = "integration-test-operator-token";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-approval-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token, "--Registrar:PendingRetryAfter", "00:00:01");
        _api = new HttpClient { BaseAddress = _host.Http };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial() => "ACME-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    private async Task<JsonElement> WaitUntilPendingAsync(string serial)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var pending = await _api.GetFromJsonAsync<JsonElement>("/api/approvals", deadline.Token);
            var match = pending.EnumerateArray().Where(r => r.GetProperty("serial").GetString() == serial).ToList();
            if (match.Count == 1)
            {
                return match[0];
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    [Fact]
    public async Task An_operator_approves_a_waiting_pledge_and_the_same_message_2_completes()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        var enrollment = enroller.EnrollAsync();

        var pending = await WaitUntilPendingAsync(pledge.SerialNumber);
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Contains(pledge.SerialNumber, pending.GetProperty("identity").GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.False(enrollment.IsCompleted);

        var approve = await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/approve", new { reason = "ticket OPS-42" });
        approve.EnsureSuccessStatusCode();
        var result = await enrollment;

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Equal(1, result.Attempts);
        var record = await _api.GetFromJsonAsync<JsonElement>($"/api/approvals/{pledge.SerialNumber}");
        Assert.Equal("Approved", record.GetProperty("status").GetString());
        Assert.Equal("admin", record.GetProperty("decidedBy").GetString());
        Assert.Equal("ticket OPS-42", record.GetProperty("reason").GetString());
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Contains(view.Timeline, e => e.Step == "approval" && e.Outcome == "approved" && e.Detail!.Contains("admin", StringComparison.Ordinal));
        Assert.DoesNotContain((await _api.GetFromJsonAsync<JsonElement>("/api/approvals")).EnumerateArray(), r => r.GetProperty("serial").GetString() == pledge.SerialNumber);
    }

    [Fact]
    public async Task A_rejected_pledge_gets_an_edhoc_error_and_no_certificate_and_the_decision_cannot_flip()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        var edhoc = enroller.RunEdhocAsync();
        await WaitUntilPendingAsync(pledge.SerialNumber);

        (await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/reject", new { reason = "not ours" })).EnsureSuccessStatusCode();
        var failure = await Assert.ThrowsAsync<EnrollmentStepException>(() => edhoc);

        Assert.Contains("not authorised", failure.Message, StringComparison.Ordinal);
        Assert.Null((await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync()).Certificate);
        var again = await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/reject", new { reason = "not ours" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var flip = await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/approve", new { reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.Conflict, flip.StatusCode);
        Assert.Equal("application/problem+json", flip.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_pre_approved_pledge_enrolls_without_waiting()
    {
        var pledge = _host.MintPledge(NewSerial());
        (await _api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/approve", new { reason = "expected delivery" })).EnsureSuccessStatusCode();
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task The_api_refuses_requests_without_a_valid_token_and_decisions_without_a_reason()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.Http };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/approvals")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/approvals/X/approve", new { reason = "x" })).StatusCode);
        Assert.Null(await _host.Grains.GetGrain<Grains.Approvals.IApprovalGrain>("X").GetAsync());

        var noReason = await _api.PostAsJsonAsync("/api/approvals/X/approve", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/pledges/NEVER-SEEN")).StatusCode);
    }

    [Fact]
    public async Task The_fleet_waits_under_a_pending_policy_while_an_operator_approves_through_the_api()
    {
        await using var host = await RegistrarHost.StartAsync(_data + "-fleet", 0,
            "--Dashboard:ApiToken", Token, "--Registrar:PendingRetryAfter", "00:00:01", "--Registrar:AllowList:0", "NOBODY-*");
        using var api = new HttpClient { BaseAddress = host.Http };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var output = new StringWriter();
        var fleet = Eals.Pledge.FleetCommand.RunAsync(
            ["--count", "3", "--registrar", host.Registrar.ToString(), "--data", _data + "-fleet"], output, new StringWriter(), showProgress: false);

        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            var approved = new HashSet<string>();
            while (approved.Count < 3)
            {
                foreach (var record in (await api.GetFromJsonAsync<JsonElement>("/api/approvals", deadline.Token)).EnumerateArray())
                {
                    string serial = record.GetProperty("serial").GetString()!;
                    Assert.NotEqual(JsonValueKind.Null, record.GetProperty("voucher").ValueKind);
                    (await api.PostAsJsonAsync($"/api/approvals/{serial}/approve", new { reason = "batch 7" }, deadline.Token)).EnsureSuccessStatusCode();
                    approved.Add(serial);
                }
                await Task.Delay(100, deadline.Token);
            }
        }

        Assert.Equal(0, await fleet);
        Assert.StartsWith("enrolled: 3, failed: 0", output.ToString(), StringComparison.Ordinal);
        Directory.Delete(_data + "-fleet", recursive: true);
    }
}
