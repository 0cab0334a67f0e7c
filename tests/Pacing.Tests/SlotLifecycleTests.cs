using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

/// <summary>Slots come back by themselves when a lease runs out; sites do not starve each other; caps change at run time.</summary>
public sealed class SlotLifecycleTests(ShortLeaseCluster cluster) : IClassFixture<ShortLeaseCluster>
{
    private static string NewSite(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_slot_whose_enrollment_never_reports_back_is_freed_when_its_lease_runs_out()
    {
        var site = cluster.Grains.GetGrain<ISitePacerGrain>(NewSite("lease"));
        var first = await AdmitEventuallyAsync(site, "first");
        Assert.True(first.Admitted);
        // Nobody releases "first": its one-second lease runs out, the slot goes back and others get in.
        for (int i = 0; i < 6; i++)
        {
            Assert.True((await AdmitEventuallyAsync(site, $"next-{i}")).Admitted);
        }
        await Eventually.TrueAsync(async () => (await site.GetViewAsync()).InFlight == 0, "leases did not run out");
    }

    [Fact]
    public async Task Releasing_twice_or_an_unknown_lease_changes_nothing()
    {
        var site = cluster.Grains.GetGrain<ISitePacerGrain>(NewSite("release"));
        var decision = await AdmitEventuallyAsync(site, "pledge");
        await site.ReleaseAsync(decision.Lease!.Id, "enrolled");
        await site.ReleaseAsync(decision.Lease.Id, "enrolled");
        await site.ReleaseAsync("0000000000000000", "enrolled");
        Assert.Equal(0, (await site.GetViewAsync()).InFlight);
    }

    [Fact]
    public async Task A_site_arriving_while_another_holds_every_slot_is_served_when_slots_free()
    {
        var busy = cluster.Grains.GetGrain<ISitePacerGrain>(NewSite("busy"));
        var late = cluster.Grains.GetGrain<ISitePacerGrain>(NewSite("late"));
        using var stop = new CancellationTokenSource();
        // The busy site always has more waiting pledges than the whole cluster cap and keeps asking.
        var hog = Task.Run(async () =>
        {
            int n = 0;
            while (!stop.IsCancellationRequested)
            {
                await busy.AdmitAsync($"busy-{n++ % 50}");
                await Task.Delay(5);
            }
        });
        await Task.Delay(500);
        var admitted = await AdmitEventuallyAsync(late, "late-pledge");
        stop.Cancel();
        await hog;
        Assert.Equal(late.GetPrimaryKeyString(), admitted.Lease!.Site);
    }

    [Fact]
    public async Task A_site_cap_changed_at_run_time_applies_and_a_bad_change_is_refused_without_effect()
    {
        string name = NewSite("capped");
        var pacer = cluster.Grains.GetGrain<IClusterPacerGrain>(0);
        var before = await pacer.GetSettingsAsync();

        var refused = await pacer.UpdateSettingsAsync(new PacingSettingsUpdate(MaxInFlight: 0, SiteCaps: new() { [name] = 1 }));
        Assert.NotNull(refused.Problem);
        var unchanged = await pacer.GetSettingsAsync();
        Assert.Equal((before.Revision, before.MaxInFlight, before.CapFor(name)), (unchanged.Revision, unchanged.MaxInFlight, unchanged.CapFor(name)));

        var changed = await pacer.UpdateSettingsAsync(new PacingSettingsUpdate(SiteCaps: new() { [name] = 1 }));
        Assert.Null(changed.Problem);
        Assert.Equal(1, changed.Settings.CapFor(name));
        Assert.True(changed.Settings.Revision > before.Revision);

        var site = cluster.Grains.GetGrain<ISitePacerGrain>(name);
        Assert.True((await AdmitEventuallyAsync(site, "one")).Admitted);
        // The site's cap is 1: a second pledge is told to wait (until the lease runs out), with Max-Age.
        var second = await site.AdmitAsync("two");
        Assert.False(second.Admitted);
        Assert.True(second.RetryAfterSeconds >= 1);
        Assert.True((await site.GetViewAsync()).InFlight <= 1);

        await pacer.UpdateSettingsAsync(new PacingSettingsUpdate(SiteCaps: new() { [name] = null }));
        Assert.Equal(before.DefaultSiteCap, (await pacer.GetSettingsAsync()).CapFor(name));
    }

    // A pledge coming back (sooner than its Max-Age: the test compresses time) until it is admitted.
    private static async Task<AdmissionDecision> AdmitEventuallyAsync(ISitePacerGrain site, string pledge)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var decision = await site.AdmitAsync(pledge);
            if (decision.Admitted)
            {
                return decision;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{pledge} was never admitted");
            await Task.Delay(100);
        }
    }
}
