using System.Collections.Concurrent;
using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

/// <summary>
/// Issue 6: a burst of 5,000 triggers over two sites on a three-silo cluster. Every trigger gets an answer,
/// the cluster cap (40) and site caps (25) hold throughout, every pledge is eventually admitted, and each
/// site admits in arrival order, give or take the slots it holds at once.
/// </summary>
public sealed class BurstTests(BurstCluster cluster) : IClassFixture<BurstCluster>
{
    private const int Pledges = 5000;

    [Fact]
    public async Task A_burst_of_5000_triggers_is_answered_within_the_caps_and_drains_in_arrival_order()
    {
        var settings = await cluster.Grains.GetGrain<IClusterPacerGrain>(0).GetSettingsAsync();
        string run = Guid.NewGuid().ToString("N")[..8];
        var sites = new[] { $"burst-a-{run}", $"burst-b-{run}" }.Select(name => new Site(name, cluster.Grains.GetGrain<ISitePacerGrain>(name))).ToArray();
        for (int i = 0; i < Pledges; i++)
        {
            sites[i % sites.Length].Arrivals.Add($"pledge-{i}");
        }
        var held = new Held();

        // The burst: each site's pledges trigger one after another, both sites at once.
        var answers = await Task.WhenAll(sites.Select(async site =>
        {
            int answered = 0;
            foreach (string pledge in site.Arrivals)
            {
                var decision = await site.Grain.AdmitAsync(pledge);
                answered++;
                if (decision.Admitted)
                {
                    site.Admit(pledge, decision.Lease!, held);
                }
                else
                {
                    Assert.InRange(decision.RetryAfterSeconds, 1u, 60u);
                }
            }
            return answered;
        }));
        Assert.Equal(Pledges, answers.Sum());

        // Draining: enrollments end (slots are released) and waiting pledges come back in random order:
        // those near the head of the queue, and some from far behind that must not get ahead.
        var random = new Random(6);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (sites.Any(s => s.Waiting.Any()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue did not drain");
            foreach (var site in sites)
            {
                foreach (var (pledge, lease) in site.Leases.ToArray())
                {
                    site.Leases.TryRemove(pledge, out _);
                    held.Release(site);
                    await site.Grain.ReleaseAsync(lease.Id, "enrolled");
                }
            }
            int before = sites.Sum(s => s.Order.Count);
            await Task.WhenAll(sites.Select(async site =>
            {
                var waiting = site.Waiting.ToList();
                var comeBack = waiting.Take(2 * settings.DefaultSiteCap)
                    .Concat(waiting.Skip(2 * settings.DefaultSiteCap).OrderBy(_ => random.Next()).Take(20))
                    .OrderBy(_ => Guid.NewGuid())
                    .ToList();
                foreach (string pledge in comeBack)
                {
                    var decision = await site.Grain.AdmitAsync(pledge);
                    if (decision.Admitted)
                    {
                        site.Admit(pledge, decision.Lease!, held);
                    }
                }
            }));
            if (sites.Sum(s => s.Order.Count) == before)
            {
                await Task.Delay(60); // the site asks the cluster pacer for slots at most every 50 ms
            }
        }

        Assert.True(held.Max <= settings.MaxInFlight, $"{held.Max} in flight at once; the cluster cap is {settings.MaxInFlight}");
        foreach (var site in sites)
        {
            Assert.True(site.MaxInFlight <= settings.DefaultSiteCap, $"{site.Name}: {site.MaxInFlight} in flight at once; its cap is {settings.DefaultSiteCap}");
            Assert.Equal(site.Arrivals.Count, site.Order.Distinct().Count());
            // First come, first served: the k-th admission is never a pledge that arrived more than a
            // site-cap's worth of pledges after the k-th arrival (those slots were free at once).
            for (int k = 0; k < site.Order.Count; k++)
            {
                int arrived = site.Arrivals.IndexOf(site.Order[k]);
                Assert.True(arrived < k + settings.DefaultSiteCap, $"{site.Name}: admission {k} went to arrival {arrived}");
            }
        }

        // Every slot comes back: after the last release the cluster holds nothing.
        foreach (var site in sites)
        {
            foreach (var (_, lease) in site.Leases)
            {
                await site.Grain.ReleaseAsync(lease.Id, "enrolled");
            }
        }
        await Eventually.TrueAsync(async () =>
        {
            var view = await cluster.Grains.GetGrain<IClusterPacerGrain>(0).GetViewAsync();
            return view.Sites.Where(s => sites.Any(x => x.Name == s.Site)).All(s => s.InFlight == 0 && s.Reserved == 0 && s.Waiting == 0);
        }, "the sites still hold slots after every enrollment ended");
    }

    private sealed class Site(string name, ISitePacerGrain grain)
    {
        private int _inFlight;

        public string Name { get; } = name;
        public ISitePacerGrain Grain { get; } = grain;
        public List<string> Arrivals { get; } = [];
        public List<string> Order { get; } = [];
        public ConcurrentDictionary<string, PacingLease> Leases { get; } = new();
        public int MaxInFlight { get; private set; }
        public IEnumerable<string> Waiting => Arrivals.Except(Order);

        public void Admit(string pledge, PacingLease lease, Held held)
        {
            Assert.Equal(Name, lease.Site);
            Order.Add(pledge);
            Leases[pledge] = lease;
            MaxInFlight = Math.Max(MaxInFlight, Interlocked.Increment(ref _inFlight));
            held.Add();
        }

        public void Released() => Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Enrollments in flight across the sites, and the most there ever were at once.</summary>
    private sealed class Held
    {
        private int _now;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Add()
        {
            int now = Interlocked.Increment(ref _now);
            int max;
            while (now > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, max) != max)
            {
            }
        }

        public void Release(Site site)
        {
            Interlocked.Decrement(ref _now);
            site.Released();
        }
    }
}
