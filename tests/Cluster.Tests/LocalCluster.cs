using Eals.Tests.Shared;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Eals.Cluster.Tests;

/// <summary>
/// Silo and stand-alone gateway processes of one cluster on one PostgreSQL database, sharing one data
/// folder (PKI, sealing key); every silo writes its OSCORE nonce fingerprints to its own file under
/// <see cref="NonceLogFolder"/>. Disposing kills every process and deletes the folder.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _clusterId = "eals-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<SiloProcess> _processes = [];
    private int _started;

    private readonly string[] _siloSettings;

    /// <param name="siloSettings">More configuration for every silo (e.g. pacing caps), as command-line pairs.</param>
    public LocalCluster(string connectionString, params string[] siloSettings)
    {
        _connectionString = connectionString;
        _siloSettings = siloSettings;
        Directory.CreateDirectory(Data);
        Directory.CreateDirectory(NonceLogFolder);
    }

    public string Data { get; } = Path.Combine(Path.GetTempPath(), "eals-cluster-" + Guid.NewGuid().ToString("N"));

    public string NonceLogFolder => Path.Combine(Data, "nonce-logs");

    /// <summary>A silo; with <paramref name="coapPort"/> it runs a CoAP gateway on that UDP port too.</summary>
    public async Task<ClusterMember> StartSiloAsync(int? coapPort = null)
    {
        int n = Interlocked.Increment(ref _started);
        int http = FreePorts.Tcp();
        List<string> arguments =
        [
            "--role", "silo", .. Common(),
            "--Orleans:SiloPort", FreePorts.Tcp().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", FreePorts.Tcp().ToString(CultureInfo.InvariantCulture),
            "--Dashboard:Urls", $"http://127.0.0.1:{http}",
            "--Masa:Hosted", "false",
            "--Diagnostics:OscoreNonceLog", Path.Combine(NonceLogFolder, $"silo-{n}.log"),
            "--Gateway:Enabled", coapPort.HasValue ? "true" : "false",
            .. coapPort.HasValue ? CoapArguments(coapPort.Value) : [],
            .. _siloSettings,
        ];
        var process = await SiloProcess.StartAsync($"silo-{n}", arguments);
        _processes.Add(process);
        return new ClusterMember(process, new Uri($"http://127.0.0.1:{http}"), coapPort is { } port ? new Uri($"coap://127.0.0.1:{port}") : null);
    }

    /// <summary>
    /// A stand-alone CoAP gateway (Orleans client, no silo) on <paramref name="coapPort"/>, its health
    /// listener on a free port (<see cref="ClusterMember.Http"/>). Returns once it has joined the cluster,
    /// or with <paramref name="waitForCluster"/> false once its health listener is up. <paramref name="settings"/>:
    /// more configuration for this gateway, as command-line pairs.
    /// </summary>
    public async Task<ClusterMember> StartGatewayAsync(int coapPort, bool waitForCluster = true, params string[] settings)
    {
        int n = Interlocked.Increment(ref _started);
        var health = new Uri($"http://127.0.0.1:{FreePorts.Tcp()}");
        var process = await SiloProcess.StartAsync($"gateway-{n}",
            ["--role", "gateway", .. Common(), .. CoapArguments(coapPort), "--Gateway:HealthUrls", health.ToString().TrimEnd('/'), .. settings],
            waitForCluster ? SiloProcess.StartedLine : "Now listening on: " + health.ToString().TrimEnd('/'));
        _processes.Add(process);
        return new ClusterMember(process, health, new Uri($"coap://127.0.0.1:{coapPort}"));
    }

    /// <summary>GET /api/pledges/{serial} on <paramref name="member"/>'s dashboard host, as the operator.</summary>
    public Task<JsonElement> GetPledgeAsync(ClusterMember member, string serial) =>
        GetApiAsync(member, $"/api/pledges/{Uri.EscapeDataString(serial)}");

    /// <summary>GET on the operator API of <paramref name="member"/>'s dashboard host, with the operator's token.</summary>
    public async Task<JsonElement> GetApiAsync(ClusterMember member, string path)
    {
        using var http = new HttpClient { BaseAddress = member.Http, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(Data, "keys", "operator.token")).Trim());
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public string Logs() => string.Join("\n", _processes.Select(p => $"===== {p.Name}\n{Tail(p.Output)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        if (Directory.Exists(Data))
        {
            Directory.Delete(Data, recursive: true);
        }
    }


    private List<string> Common() =>
    [
        "--data", Data,
        "--Cluster:Provider", "postgres",
        "--Cluster:ConnectionString", _connectionString,
        "--Orleans:ClusterId", _clusterId,
    ];

    private static List<string> CoapArguments(int port) =>
        ["--Gateway:Port", port.ToString(CultureInfo.InvariantCulture), "--Gateway:Addresses:0", "127.0.0.1"];

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

}
