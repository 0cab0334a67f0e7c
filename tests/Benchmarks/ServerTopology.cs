using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Eals.Benchmarks;

/// <summary>
/// The server side a benchmark command runs against, as child processes from the Release build: the embedded
/// default (one silo with its gateway, SQLite, hosted MASA) or a PostgreSQL cluster (a throw-away PostgreSQL,
/// N silos without gateways, one stand-alone gateway per silo). Knows the processes (for their CPU), the CoAP
/// URIs the fleet is given, the HTTP bases whose <c>/metrics</c> are scraped, and cleans up after itself.
/// </summary>
public sealed class ServerTopology : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly List<ChildProcess> _silos = [];
    private readonly List<ChildProcess> _gateways = [];
    private readonly List<Uri> _metrics = [];
    private readonly List<Uri> _registrars = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly bool _keepWork;
    private string? _token;
    private PostgresServer? _postgres;

    private ServerTopology(string work, bool keepWork = false)
    {
        Work = work;
        Data = Path.Combine(work, "data");
        _keepWork = keepWork;
    }

    /// <summary>The folder of this run (data folder, logs, PostgreSQL's cluster), removed at the end unless it is to be kept.</summary>
    public string Work { get; }

    /// <summary>The silos' data folder, which the fleet shares (the demo manufacturer's IDevIDs).</summary>
    public string Data { get; }

    public IReadOnlyList<ChildProcess> Silos => _silos;

    public IReadOnlyList<ChildProcess> Gateways => _gateways;

    public IReadOnlyList<Uri> Registrars => _registrars;

    public PostgresServer? Postgres => _postgres;

    public bool Clustered => _postgres is not null;

    /// <summary>
    /// One embedded default silo on free ports, ready when its <c>/readyz</c> answers 200. With <paramref name="keepWork"/>
    /// the folder stays at the end, and a data folder already in it is started on as it is (a run resumed).
    /// </summary>
    public static async Task<ServerTopology> StartEmbeddedAsync(string siloDll, string work, bool keepWork = false)
    {
        var topology = new ServerTopology(work, keepWork);
        try
        {
            int coap = FreeUdpPort();
            var dashboard = new Uri($"http://127.0.0.1:{FreeTcpPort()}/");
            await topology.StartServerAsync(topology._silos, "silo", coap, dashboard,
                [siloDll, "--data", topology.Data, "--port", Text(coap), "--urls", dashboard.ToString().TrimEnd('/'), "--Gateway:Addresses:0", "127.0.0.1"]);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A PostgreSQL cluster as <c>cluster-fleet.sh</c> starts it: a throw-away PostgreSQL on 127.0.0.1,
    /// <paramref name="silos"/> silo processes (<c>--role silo --Gateway:Enabled false</c>), then one stand-alone
    /// gateway (<c>--role gateway</c>) per silo, all on free ports, each waited for.
    /// </summary>
    public static async Task<ServerTopology> StartClusterAsync(string siloDll, string work, int silos, bool vouchers)
    {
        var topology = new ServerTopology(work);
        try
        {
            topology._postgres = await PostgresServer.StartAsync(work);
            string[] common = ["--data", topology.Data, "--Cluster:Provider", "postgres", "--Cluster:ConnectionString", topology._postgres.ConnectionString];
            for (int i = 1; i <= silos; i++)
            {
                var dashboard = new Uri($"http://127.0.0.1:{FreeTcpPort()}/");
                // With vouchers every silo hosts the MASA (the data folder, so its ownership log, is shared), as SharedBlockwiseClusterTests runs it.
                string[] masaArguments = vouchers ? ["--Masa:Hosted", "true"] : ["--Masa:Hosted", "false"];
                await topology.StartServerAsync(topology._silos, $"silo{i}", null, dashboard, [siloDll, "--role", "silo", .. common, "--Gateway:Enabled", "false", .. masaArguments,
                    "--Orleans:SiloPort", Text(FreeTcpPort()), "--Orleans:GatewayPort", Text(FreeTcpPort()), "--Dashboard:Urls", dashboard.ToString().TrimEnd('/')]);
            }
            for (int i = 1; i <= silos; i++)
            {
                int coap = FreeUdpPort();
                var health = new Uri($"http://127.0.0.1:{FreeTcpPort()}/");
                await topology.StartServerAsync(topology._gateways, $"gateway{i}", coap, health,
                    [siloDll, "--role", "gateway", .. common, "--Gateway:Port", Text(coap), "--Gateway:Addresses:0", "127.0.0.1", "--Gateway:HealthUrls", health.ToString().TrimEnd('/')]);
            }
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>User + system CPU of every silo and gateway process.</summary>
    public TimeSpan ServerCpu() => _silos.Concat(_gateways).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu());

    public TimeSpan SiloCpu() => _silos.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu());

    public long SiloRss() => _silos.Sum(p => p.Rss());

    /// <summary>The embedded default's SQLite file and its WAL; in a cluster, PostgreSQL's data folder.</summary>
    public long DatabaseBytes()
    {
        if (_postgres is not null)
        {
            return _postgres.DataBytes();
        }
        var folder = new DirectoryInfo(Data);
        return folder.Exists ? folder.EnumerateFiles("grains.db*").Sum(f => f.Length) : 0;
    }

    /// <summary>The sum of every process's <c>/metrics</c> (the operator token when one answers 401).</summary>
    public async Task<PrometheusText> ScrapeAsync()
    {
        var sum = new PrometheusText();
        foreach (var baseUri in _metrics)
        {
            sum.Add(PrometheusText.Parse(await GetAsync(new Uri(baseUri, "metrics"))));
        }
        return sum;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _gateways.Concat(_silos))
        {
            process.Dispose();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        _http.Dispose();
        if (_keepWork)
        {
            return;
        }
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {Work}: {exception.Message}");
        }
    }

    /// <summary>The body of a GET of <paramref name="pathAndQuery"/> on the first silo's HTTP port (dashboard and operator API), with the operator token.</summary>
    public Task<string> GetFromSiloAsync(string pathAndQuery) => GetAsync(new Uri(_metrics[0], pathAndQuery));

    private async Task<string> GetAsync(Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _token is null)
        {
            _token = (await File.ReadAllTextAsync(Path.Combine(Data, "keys", "operator.token"))).Trim();
            return await GetAsync(uri);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Starts a process that serves HTTP (probes, metrics) at <paramref name="http"/> and CoAP on <paramref name="coap"/> if given, and waits until it is ready.</summary>
    private async Task StartServerAsync(List<ChildProcess> into, string name, int? coap, Uri http, string[] arguments)
    {
        var process = ChildProcess.Start(name, "dotnet", arguments, Path.Combine(Work, name + ".log"), Work);
        into.Add(process);
        _metrics.Add(http);
        if (coap is { } port)
        {
            _registrars.Add(new Uri($"coap://127.0.0.1:{port}"));
        }
        await WaitReadyAsync(process, http);
    }

    private async Task WaitReadyAsync(ChildProcess process, Uri baseUri)
    {
        var clock = Stopwatch.StartNew();
        var ready = new Uri(baseUri, "readyz");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited ({process.ExitCode}) before it was ready; {Tail(process)}");
            }
            try
            {
                using var response = await _http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy machine
            }
            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{process.Name} not ready after {StartTimeout.TotalSeconds:F0} s; {Tail(process)}");
            }
            await Task.Delay(250);
        }
    }

    private static string Tail(ChildProcess process)
    {
        var lines = process.Output().Split('\n');
        return $"last lines of {process.Log}:\n" + string.Join('\n', lines.TakeLast(20));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
