using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;
using Eals.Tests.Shared;

namespace Eals.Cluster.Tests;

/// <summary>
/// The cluster fault test as close to a Kubernetes node failure as this machine allows: PostgreSQL, three silos and
/// two stand-alone gateways each in a network namespace of its own with its own address (<see cref="PodNetwork"/>), a
/// fleet from the root namespace spreading its datagrams over both gateways, and one silo's namespace torn down mid-run
/// (the process killed, its link and namespace deleted) and a fresh silo started in a new one. Every pledge enrolls, no
/// certificate serial is issued twice, and no OSCORE (key, nonce) pair is used twice by any silo or pledge. Without
/// namespaces (not root, no iproute2) the test says why and is skipped.
/// </summary>
public sealed class PodFailureTests
{
    private const int Pledges = 300;

    [SkippableFact]
    public async Task A_silos_namespace_torn_down_mid_run_loses_no_pledge_reuses_no_nonce_and_issues_no_serial_twice()
    {
        Skip.IfNot(PodNetwork.TryCreate(out var created, out string reason), reason);
        using var network = created!;
        string data = Path.Combine(Path.GetTempPath(), "eals-pods-" + Guid.NewGuid().ToString("N"));
        string nonceLogs = Path.Combine(data, "nonce-logs");
        Directory.CreateDirectory(nonceLogs);
        var processes = new List<SiloProcess>();
        var database = network.Add("pg");
        var postgres = new PostgresServer(database.Namespace, database.Address.ToString());
        await postgres.InitializeAsync();
        try
        {
            string connectionString = await postgres.CreateDatabaseAsync();
            string clusterId = "eals-pods-" + Guid.NewGuid().ToString("N")[..8];
            string[] common = ["--data", data, "--Cluster:Provider", "postgres", "--Cluster:ConnectionString", connectionString, "--Orleans:ClusterId", clusterId];
            int silos = 0;

            async Task<(Pod Pod, SiloProcess Process)> StartSiloAsync()
            {
                int n = ++silos;
                var pod = network.Add($"silo{n}");
                var process = await SiloProcess.StartAsync($"silo-{n}",
                    ["--role", "silo", .. common, "--Cluster:AdvertisedAddress", pod.Address.ToString(),
                     "--Orleans:SiloPort", "11111", "--Orleans:GatewayPort", "30000", "--Dashboard:Urls", $"http://{pod.Address}:8080",
                     "--Masa:Hosted", "false", "--Gateway:Enabled", "false",
                     "--Diagnostics:OscoreNonceLog", Path.Combine(nonceLogs, $"silo-{n}.log"),
                     "--Pacing:MaxInFlight", "24", "--Pacing:DefaultSiteCap", "16"],
                    networkNamespace: pod.Namespace);
                processes.Add(process);
                return (pod, process);
            }

            async Task<Pod> StartGatewayAsync(int n)
            {
                var pod = network.Add($"gw{n}");
                processes.Add(await SiloProcess.StartAsync($"gateway-{n}",
                    ["--role", "gateway", .. common, "--Gateway:Port", "5683", "--Gateway:Addresses:0", pod.Address.ToString(),
                     "--Gateway:HealthUrls", $"http://{pod.Address}:8082"],
                    networkNamespace: pod.Namespace));
                return pod;
            }

            var started = await Task.WhenAll(StartSiloAsync(), StartSiloAsync(), StartSiloAsync());
            var gateways = await Task.WhenAll(StartGatewayAsync(1), StartGatewayAsync(2));

            string fleetNonces = Path.Combine(nonceLogs, "fleet.log");
            var thirdDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = new FleetSimulator(new FleetOptions
            {
                Count = Pledges,
                Concurrency = 32,
                Registrar = new Uri($"coap://{gateways[0].Address}:5683"),
                MoreGateways = [new Uri($"coap://{gateways[1].Address}:5683")],
                DataFolder = data,
                Vouchers = false,
                NonceLog = fleetNonces,
            })
            {
                OnProgress = (finished, _, _) =>
                {
                    if (finished >= Pledges / 3)
                    {
                        thirdDone.TrySetResult();
                    }
                },
            }.RunAsync();

            await thirdDone.Task.WaitAsync(TimeSpan.FromMinutes(3));
            // The node fails: its silo dies with it, and its address is gone from the network.
            started[1].Process.Kill();
            network.TearDown(started[1].Pod);
            await StartSiloAsync();
            var report = await run.WaitAsync(TimeSpan.FromMinutes(8));

            Assert.True(report.Failed == 0 && report.Enrolled == Pledges, report.Summary() + "\n"
                + string.Join("\n", processes.Select(p => $"===== {p.Name}\n{(p.Output.Length > 3000 ? p.Output[^3000..] : p.Output)}")));
            FaultInvariants.NoSerialOrNonceTwice(report, data, nonceLogs, fleetNonces);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
            await postgres.DisposeAsync();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
