using Eals.Tests.Shared;
using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;

namespace Eals.Cluster.Tests;

/// <summary>
/// The fault test of the design: three silo processes and two stand-alone gateways on PostgreSQL, a fleet
/// of 1000 pledges whose datagrams go to either gateway at random, one silo killed with SIGKILL mid-run and
/// a fresh one started. Every pledge ends enrolled, no certificate serial is issued twice, and no OSCORE
/// (key, nonce) pair is used twice by any silo or pledge.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloFailureTests(PostgresServer postgres)
{
    private const int Pledges = 1000;

    // Pacing: fewer slots than the fleet's 32 pledges at once, so admission is what limits the run; two sites
    // (one per gateway) of 16 each, so the cluster cap (not a site cap) is what binds.
    private const int MaxInFlight = 24;
    private const int SiteCap = 16;

    [Fact]
    public async Task A_silo_killed_mid_run_loses_no_pledge_reuses_no_nonce_and_issues_no_serial_twice()
    {
        await using var cluster = new LocalCluster(await postgres.CreateDatabaseAsync(),
            "--Pacing:MaxInFlight", $"{MaxInFlight}", "--Pacing:DefaultSiteCap", $"{SiteCap}");
        // Started together on an empty database and an empty data folder: schema and PKI are created once.
        var silos = await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync(), cluster.StartSiloAsync());
        var gateways = await Task.WhenAll(cluster.StartGatewayAsync(FreePorts.Udp()), cluster.StartGatewayAsync(FreePorts.Udp()));

        var nonceLog = Path.Combine(cluster.NonceLogFolder, "fleet.log");
        var thirdDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fleet = new FleetSimulator(new FleetOptions
        {
            Count = Pledges,
            Concurrency = 32,
            Registrar = gateways[0].Coap!,
            MoreGateways = [gateways[1].Coap!],
            DataFolder = cluster.Data,
            Vouchers = false,
            NonceLog = nonceLog,
        })
        {
            OnProgress = (finished, _, _) =>
            {
                if (finished >= Pledges / 3)
                {
                    thirdDone.TrySetResult();
                }
            },
        };
        var run = fleet.RunAsync();
        // The operator API of a silo that stays up, read every 200 ms: the most enrollments ever in flight.
        using var sampling = new CancellationTokenSource();
        var inFlight = SampleInFlightAsync(cluster, silos[0], sampling.Token);

        await thirdDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
        silos[1].Process.Kill();
        var replacement = await cluster.StartSiloAsync();
        var report = await run;
        await sampling.CancelAsync();
        int maxInFlight = await inFlight;

        Assert.True(report.Failed == 0 && report.Enrolled == Pledges, report.Summary() + "\n" + cluster.Logs());

        FaultInvariants.NoSerialOrNonceTwice(report, cluster.Data, cluster.NonceLogFolder, nonceLog);

        // The cap held throughout, the silo failure included (tolerance 0: a site whose figures died with the
        // pacer's silo counts as holding its whole cap until it reports again), and pacing was engaged.
        Assert.InRange(maxInFlight, 1, MaxInFlight);
        GC.KeepAlive(replacement);
    }

    private static async Task<int> SampleInFlightAsync(LocalCluster cluster, ClusterMember silo, CancellationToken cancellation)
    {
        int max = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var pacing = await cluster.GetApiAsync(silo, "/api/pacing");
                max = Math.Max(max, pacing.GetProperty("inFlight").GetInt32());
                await Task.Delay(200, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
            }
            catch (Exception) when (!cancellation.IsCancellationRequested)
            {
                // While the cluster notices the killed silo, the pacer may not answer: skip that sample.
            }
        }
        return max;
    }
}
