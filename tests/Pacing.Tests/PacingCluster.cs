using Eals.Grains.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Eals.Pacing.Tests;

/// <summary>Three silos in this process with in-memory grain storage and the pacing grains, configured per fixture.</summary>
public abstract class PacingCluster(IDictionary<string, string> pacing) : InProcessCluster(Builder(pacing))
{
    public const int Silos = 3;

    private static TestClusterBuilder Builder(IDictionary<string, string> pacing)
    {
        var builder = new TestClusterBuilder(Silos);
        foreach (var (key, value) in pacing)
        {
            builder.Properties[$"{PacingOptions.SectionName}:{key}"] = value;
        }
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        return builder;
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

/// <summary>A cluster cap of 40, sites of 25, a rate that never limits, leases longer than any test.</summary>
public sealed class BurstCluster() : PacingCluster(new Dictionary<string, string>
{
    ["MaxInFlight"] = "40",
    ["DefaultSiteCap"] = "25",
    ["AdmissionRate"] = "100000",
    ["AdmissionBurst"] = "100000",
    ["SlotLease"] = "00:10:00",
    ["QueueGrace"] = "00:10:00",
});

/// <summary>Leases of one second, to watch slots come back by themselves; a pledge that stops asking loses its place after 2 s.</summary>
public sealed class ShortLeaseCluster() : PacingCluster(new Dictionary<string, string>
{
    ["MaxInFlight"] = "5",
    ["DefaultSiteCap"] = "5",
    ["SlotLease"] = "00:00:01",
    ["QueueGrace"] = "00:00:02",
});

/// <summary>Long enrollment leases, handshakes of one second, a source cap of 3, sites of 10: what a flood from one host meets.</summary>
public sealed class HandshakeCluster() : PacingCluster(new Dictionary<string, string>
{
    ["MaxInFlight"] = "100",
    ["DefaultSiteCap"] = "10",
    ["AdmissionRate"] = "100000",
    ["AdmissionBurst"] = "100000",
    ["SlotLease"] = "00:10:00",
    ["QueueGrace"] = "00:10:00",
    ["HandshakeLease"] = "00:00:01",
    ["SourceCap"] = "3",
});
