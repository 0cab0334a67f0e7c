using System.Security.Cryptography;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;

namespace Eals.Integration.Tests.Ace;

/// <summary>
/// The AS answered an introspection but the answer never reached the registrar: the voucher nonce (nonce1) is spent,
/// so the repeat of that /authz-info cannot succeed; the registrar says so with 5.00, and the pledge enrolls on its
/// next attempt with a new nonce1.
/// </summary>
public sealed class AceLostAnswerTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-ace-lost-" + Guid.NewGuid().ToString("N"));
    private AnswerDroppingProxy _proxy = null!;
    private RegistrarHost _host = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AnswerDroppingProxy.StartAsync();
        _host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:Masa:Url", _proxy.Address.ToString(), "--Registrar:PendingRetryAfter", "00:00:01");
        _proxy.Upstream = new Uri(_host.Http, "masa/");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task After_a_lost_answer_the_repeat_is_told_to_start_over_and_the_pledge_enrolls_with_a_new_nonce1()
    {
        var token = await _host.TokenForAsync("EALS-DEMO-ACE-LOST-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var steps = new List<string>();
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromSeconds(30), OnStep = steps.Add };

        // Attempt 1: /authz-info gets 5.03 (the AS's answer was lost), its repeat 5.00 (nonce1 is spent);
        // attempt 2 posts the token with a new nonce1.
        var result = await new AceEnroller(channel, _host.Credentials(token), SystemRandomSource.Instance).EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Equal(2, result.Attempts);
        Assert.Equal(3, _proxy.Introspections);
        Assert.Contains(steps, s => s.Contains("unreachable", StringComparison.Ordinal));
        var view = await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Single(view.Timeline, e => e.Step == "ace");
    }
}
