using System.Diagnostics;
using Eals.Grains.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Eals.Silo.Storage;
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
        int cap = line.GetInt("--cap", 64);
        int siteCap = line.GetInt("--site-cap", 16);
        string storage = line.Get("--storage", "memory");
        if (storage is not ("memory" or "sqlite"))
        {
            Console.Error.WriteLine("--storage is memory or sqlite");
            return 2;
        }

        var builder = new TestClusterBuilder((short)silos);
        builder.Properties["Pacing:MaxInFlight"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Pacing:DefaultSiteCap"] = siteCap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string database = Path.Combine(Path.GetTempPath(), "eals-pacing-" + Guid.NewGuid().ToString("N"), "grains.db");
        if (storage == "sqlite")
        {
            builder.Properties["Bench:SqlitePath"] = database;
        }
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
            Console.WriteLine($"silos={silos} sites={sites} pledges={concurrency} hold={holdMilliseconds}ms cap={cap}/{siteCap} storage={storage}: {decisions / seconds:F0} admission decisions/s ({admitted / seconds:F0} admitted/s) over {seconds:F1} s");
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
            if (Directory.Exists(Path.GetDirectoryName(database)))
            {
                Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
            }
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator, IHostConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.AddMemoryGrainStorageAsDefault();

        public void Configure(IHostBuilder host) => host.ConfigureServices((context, services) =>
        {
            // SQLite as the embedded default stores grain state (synchronous=FULL), replacing the memory default.
            if (context.Configuration["Bench:SqlitePath"] is { } path)
            {
                services.AddSqliteGrainStorage("Default", options => options.DatabasePath = path);
            }
            services.AddPacing(context.Configuration);
            services.AddSingleton(TimeProvider.System);
        });
    }
}
