using Eals.Pledge.Enrollment;
using Eals.Tests.Shared;

namespace Eals.Cluster.Tests;

/// <summary>
/// Block-wise transfers across gateways: with vouchers, EDHOC message_2 (Block1) and message_3 (Block2) are
/// larger than one 1024-byte block, and a fleet that sends each datagram to one of two stand-alone gateways
/// at random sends the blocks of one transfer to both. With the gateways' own block-wise state most pledges
/// fail with 4.08; with the state the cluster shares (the default of <c>--role gateway</c>) every one enrolls.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedBlockwiseClusterTests(PostgresServer postgres)
{
    private const int Pledges = 30;

    [Fact]
    public async Task A_fleet_with_vouchers_spread_over_two_gateways_enrolls_only_when_they_share_block_wise_state()
    {
        // One silo that hosts the MASA too (the vouchers' signer), so both fleets can run in zero-touch mode.
        await using var cluster = new LocalCluster(await postgres.CreateDatabaseAsync(), "--Masa:Hosted", "true");
        await cluster.StartSiloAsync();
        var gateways = await Task.WhenAll(
            cluster.StartGatewayAsync(FreePorts.Udp()),
            cluster.StartGatewayAsync(FreePorts.Udp()),
            cluster.StartGatewayAsync(FreePorts.Udp(), settings: ["--Gateway:SharedBlockwise", "false"]),
            cluster.StartGatewayAsync(FreePorts.Udp(), settings: ["--Gateway:SharedBlockwise", "false"]));

        // The shared pair first: the fleet that fails leaves EDHOC sessions and pacing slots behind it.
        var shared = await RunFleetAsync(cluster, "EALS-DEMO-SHARED-", gateways[0], gateways[1]);
        var own = await RunFleetAsync(cluster, "EALS-DEMO-OWN-", gateways[2], gateways[3]);

        var incomplete = own.Results.Values.Where(r => r.Reason?.Contains("4.08", StringComparison.Ordinal) == true).ToList();
        Assert.True(incomplete.Count > 0, "gateways with their own block-wise state: no pledge got 4.08\n" + own.Summary());
        Assert.True(shared.Failed == 0 && shared.Enrolled == Pledges, shared.Summary() + "\n" + cluster.Logs());
    }

    private static Task<FleetReport> RunFleetAsync(LocalCluster cluster, string serialPrefix, ClusterMember first, ClusterMember second) =>
        new FleetSimulator(new FleetOptions
        {
            Count = Pledges,
            Concurrency = 15,
            Registrar = first.Coap!,
            MoreGateways = [second.Coap!],
            DataFolder = cluster.Data,
            SerialPrefix = serialPrefix,
            Vouchers = true,
        }).RunAsync();
}
