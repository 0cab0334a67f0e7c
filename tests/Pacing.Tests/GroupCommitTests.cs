using Eals.Grains.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace Eals.Pacing.Tests;

/// <summary>
/// Admission with room under every cap. A site writes its lease book behind, on its tick: with writes as slow as a
/// database commit, 300 pledges triggering at once are admitted with far fewer writes than admissions, none of them
/// waits for a write, and every admitted lease is in the site's stored state within a few ticks.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private const int Pledges = 300;

    private readonly TestCluster _cluster;

    public GroupCommitTests()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["Pacing:MaxInFlight"] = "100000";
        builder.Properties["Pacing:DefaultSiteCap"] = "100000";
        builder.Properties["Pacing:AdmissionRate"] = "100000";
        builder.Properties["Pacing:AdmissionBurst"] = "100000";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Admissions_at_one_site_are_written_behind_in_a_few_writes_and_all_stored_within_a_few_ticks()
    {
        var site = _cluster.Client.GetGrain<ISitePacerGrain>("group-commit-" + Guid.NewGuid().ToString("N"));
        int writesBefore = SlowStorage.Instance.SitePacerWrites;

        await Task.WhenAll(Enumerable.Range(0, Pledges).Select(async i =>
        {
            while (!(await site.AdmitAsync($"pledge-{i}")).Admitted)
            {
                await Task.Delay(20); // time compressed: not the Max-Age of decision
            }
        }));
        for (int wait = 0; wait < 100 && SlowStorage.Instance.StoredLeases(site.GetGrainId()) < Pledges; wait++)
        {
            await Task.Delay(50);
        }

        int writes = SlowStorage.Instance.SitePacerWrites - writesBefore;
        Assert.Equal(Pledges, SlowStorage.Instance.StoredLeases(site.GetGrainId()));
        Assert.True(writes <= Pledges / 30, $"{writes} writes for {Pledges} admissions");
    }

    [Fact]
    public async Task With_room_under_every_cap_pledges_triggering_together_are_admitted_without_being_told_to_wait()
    {
        var site = _cluster.Client.GetGrain<ISitePacerGrain>("roomy-" + Guid.NewGuid().ToString("N"));

        var decisions = await Task.WhenAll(Enumerable.Range(0, Pledges).Select(i => site.AdmitAsync($"pledge-{i}")));

        // Before, a trigger arriving within 50 ms of the site's last request for slots was sent off with 5.03
        // and Max-Age 1 or more, although the caps were nowhere near.
        Assert.All(decisions, decision => Assert.True(decision.Admitted, $"told to wait {decision.RetryAfterSeconds} s"));
        Assert.Equal(Pledges, (await site.GetViewAsync()).InFlight);
    }

    private sealed class SiloConfigurator : ISiloConfigurator, IHostConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.Services.AddGrainStorage("Default", (_, _) => SlowStorage.Instance);

        public void Configure(IHostBuilder host) => host.ConfigureServices((context, services) =>
        {
            services.AddPacing(context.Configuration);
            services.AddSingleton(TimeProvider.System);
        });
    }
}
