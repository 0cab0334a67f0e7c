using System.Diagnostics;
using Eals.Grains.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Eals.Benchmarks;

/// <summary>
/// Admission decisions per second: an Orleans cluster of N silos in this process (in-memory storage,
/// silo-to-silo over loopback TCP) and a client driving C pledges at S sites against a cluster cap of 64
/// and site caps of 16. Each pledge triggers again at once until admitted (time compressed: no Max-Age
/// wait), holds its slot for H ms, gives it back, and the next pledge takes its place; so most decisions
/// are deferrals, slots keep turning over, and the sites keep asking the cluster pacer.
/// </summary>
public static class PacingLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int silos = line.GetInt("--silos", 3);
        int sites = line.GetInt("--sites", 8);
        int concurrency = line.GetInt("--concurrency", 256);
        int holdMilliseconds = line.GetInt("--hold-ms", 20);
        var duration = TimeSpan.FromSeconds(line.GetInt("--seconds", 10));

        var builder = new TestClusterBuilder((short)silos);
        builder.Properties["Pacing:MaxInFlight"] = "64";
        builder.Properties["Pacing:DefaultSiteCap"] = "16";
        builder.Properties["Pacing:AdmissionRate"] = "1000000";
        builder.Properties["Pacing:AdmissionBurst"] = "1000000";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var client = cluster.Client;
            long decisions = 0, admitted = 0;
            var stop = DateTime.UtcNow + duration;
            var warmUpUntil = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            var clock = new Stopwatch();
            bool measuring = false;
            var workers = Enumerable.Range(0, concurrency).Select(async worker =>
            {
                var site = client.GetGrain<ISitePacerGrain>($"bench-site-{worker % sites}");
                long n = 0;
                while (DateTime.UtcNow < stop + TimeSpan.FromSeconds(2))
                {
                    var decision = await site.AdmitAsync($"w{worker}-p{n}");
                    if (decision.Admitted)
                    {
                        n++;
                        await Task.Delay(holdMilliseconds);
                        await site.ReleaseAsync(decision.Lease!.Id, "enrolled");
                    }
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref decisions);
                        if (decision.Admitted)
                        {
                            Interlocked.Increment(ref admitted);
                        }
                    }
                }
            }).ToList();
            await Task.Delay(warmUpUntil - DateTime.UtcNow);
            clock.Start();
            Volatile.Write(ref measuring, true);
            await Task.Delay(duration);
            Volatile.Write(ref measuring, false);
            clock.Stop();
            await Task.WhenAll(workers);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"silos={silos} sites={sites} pledges={concurrency} hold={holdMilliseconds}ms: {decisions / seconds:F0} admission decisions/s ({admitted / seconds:F0} admitted/s) over {seconds:F1} s");
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator, IHostConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.AddMemoryGrainStorageAsDefault();

        public void Configure(IHostBuilder host) => host.ConfigureServices((context, services) =>
        {
            services.AddPacing(context.Configuration);
            services.AddSingleton(TimeProvider.System);
        });
    }
}
