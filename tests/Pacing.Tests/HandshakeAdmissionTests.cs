using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

/// <summary>
/// Before a pledge has authenticated itself its slot is a handshake's: held for seconds, given back when it runs out,
/// and one source holds at most a few; a handshake that authenticated its pledge keeps its slot for the enrollment.
/// </summary>
public sealed class HandshakeAdmissionTests(HandshakeCluster cluster) : IClassFixture<HandshakeCluster>
{
    private ISitePacerGrain NewSite() => cluster.Grains.GetGrain<ISitePacerGrain>($"handshake-{Guid.NewGuid():N}");

    [Fact]
    public async Task One_source_holds_at_most_its_cap_of_handshakes_and_others_still_get_in()
    {
        var site = NewSite();
        var flood = new List<AdmissionDecision>();
        for (int port = 0; port < 20; port++)
        {
            flood.Add(await AdmitEventuallyOrRefusedAsync(site, $"10.9.9.9:{40000 + port}", "10.9.9.9"));
        }
        Assert.Equal(3, flood.Count(d => d.Admitted));
        var refused = flood.First(d => !d.Admitted);
        Assert.Contains("too many handshakes from this source", refused.WaitDiagnostic, StringComparison.Ordinal);
        Assert.True(refused.RetryAfterSeconds >= 1);
        var view = await site.GetViewAsync();
        // Refused over the cap: no queue place was kept for them.
        Assert.Equal((3, 3, 0), (view.InFlight, view.Handshakes, view.Waiting));

        var legitimate = await AdmitEventuallyOrRefusedAsync(site, "10.1.1.1:5000", "10.1.1.1");
        Assert.True(legitimate.Admitted);
    }

    [Fact]
    public async Task A_burst_of_triggers_from_many_ports_of_one_host_at_once_takes_no_more_than_the_cap()
    {
        var site = NewSite();
        for (int round = 0; round < 5; round++)
        {
            // Each of 16 ports sends four triggers at once (a flood's ports repeat faster than a slot report comes).
            var decisions = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => site.AdmitHandshakeAsync($"10.7.7.7:{i % 16}", "10.7.7.7")));
            var view = await site.GetViewAsync();
            Assert.True(view.Handshakes + view.Waiting <= 3, $"round {round}: {view}");
            Assert.True(decisions.Count(d => d.Admitted) <= 3, $"round {round}: {decisions.Count(d => d.Admitted)} admitted");
        }
    }

    [Fact]
    public async Task A_handshake_that_never_authenticates_gives_its_slot_back_after_the_handshake_lease()
    {
        var site = NewSite();
        var stalled = await AdmitEventuallyOrRefusedAsync(site, "10.2.2.2:1", "10.2.2.2");
        Assert.True(stalled.Admitted);
        // The enrollment lease is 10 minutes; the handshake's is one second.
        await Eventually.TrueAsync(async () => (await site.GetViewAsync()) is { InFlight: 0, Handshakes: 0 }, "the handshake kept its slot");
    }

    [Fact]
    public async Task A_handshake_that_authenticated_its_pledge_keeps_its_slot_until_released()
    {
        var site = NewSite();
        var decision = await AdmitEventuallyOrRefusedAsync(site, "10.3.3.3:1", "10.3.3.3");
        Assert.True(decision.Admitted);
        await site.ReleaseManyAsync([new LeaseRelease(decision.Lease!.Id, "authenticated", HandshakeDone: true)]);
        Assert.Equal((1, 0), ((await site.GetViewAsync()).InFlight, (await site.GetViewAsync()).Handshakes));
        // Well past the handshake lease: still held, as the enrollment's.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, (await site.GetViewAsync()).InFlight);
        // And no longer counted against its source.
        for (int port = 2; port < 5; port++)
        {
            Assert.True((await AdmitEventuallyOrRefusedAsync(site, $"10.3.3.3:{port}", "10.3.3.3")).Admitted);
        }
        await site.ReleaseAsync(decision.Lease.Id, "enrolled");
        Assert.Equal(3, (await site.GetViewAsync()).InFlight);
    }

    // The first answer that is an admission or a refusal for the source; a wait for a slot report is asked again.
    private static async Task<AdmissionDecision> AdmitEventuallyOrRefusedAsync(ISitePacerGrain site, string pledge, string source)
    {
        for (int attempt = 0; ; attempt++)
        {
            var decision = await site.AdmitHandshakeAsync(pledge, source);
            if (decision.Admitted || decision.Reason is not null || attempt == 50)
            {
                return decision;
            }
            await Task.Delay(100);
        }
    }
}
