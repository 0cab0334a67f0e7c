using Eals.Grains.Blockwise;
using Eals.Protocol.Coap.Blockwise;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Eals.Pacing.Tests;

/// <summary>
/// One silo in this process hosting the block-wise grains, with small limits and a fake clock of their own
/// (the silo's own clock stays the system's).
/// </summary>
public sealed class BlockTransferCluster() : InProcessCluster(Builder())
{
    public static readonly BlockwiseLimits Limits = new() { MaxBodySize = 256, MaxTransfersPerPeer = 2, MaxTotalBytes = 64 * 1024 };

    public static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static TestClusterBuilder Builder()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        return builder;
    }

    private sealed class SiloConfigurator : ISiloConfigurator, IHostConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
        }

        public void Configure(IHostBuilder host) => host.ConfigureServices(services => services.AddBlockTransfers(Limits, Time));
    }
}
