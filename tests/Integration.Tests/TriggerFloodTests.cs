using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Pledge.Enrollment;
using Eals.Tests.Shared.Flood;
using Xunit.Abstractions;

namespace Eals.Integration.Tests;

/// <summary>
/// Issue 15's flood: 30 s of 5,000 empty triggers per second from 256 ports of one host (127.0.0.2), by an attacker
/// that repeats every trigger with the Echo it is given, against the embedded default with its default pacing. A
/// zero-touch fleet of 20 started during the flood enrolls completely; the attacker never gets more bytes back than
/// it sent, holds at most the per-source cap of slots, and the process's memory and stored state grow by a bounded
/// amount (printed).
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class TriggerFloodTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "flood-test-operator-token";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-flood-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_fleet_started_during_a_trigger_flood_from_one_host_enrolls_completely()
    {
        using var api = new HttpClient { BaseAddress = _host.Http };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        long storedBefore = StoredBytes();
        long rssBefore = Rss();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var flood = new TriggerFlood(new IPEndPoint(IPAddress.Loopback, _host.Port), IPAddress.Parse("127.0.0.2"))
        {
            Ports = 256,
            DatagramsPerSecond = 5_000,
            Duration = TimeSpan.FromSeconds(30),
            AnswerEcho = true,
        };
        var flooding = flood.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        // The most slots the flood's host ever holds at the gateway's site, read from the operator API while it runs.
        int mostInFlight = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var pacing = await api.GetFromJsonAsync<JsonElement>("/api/pacing");
                mostInFlight = Math.Max(mostInFlight, pacing.GetProperty("inFlight").GetInt32());
                await Task.Delay(200);
            }
        });

        var clock = Stopwatch.StartNew();
        var report = await new FleetSimulator(new FleetOptions
        {
            Count = 20,
            Concurrency = 20,
            Registrar = _host.Registrar,
            DataFolder = _data,
        }).RunAsync();
        var fleetTime = clock.Elapsed;
        await flooding;
        sampling.Cancel();
        await sampler;

        long storedGrowth = StoredBytes() - storedBefore;
        long rssGrowth = Rss() - rssBefore;
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        output.WriteLine($"flood: {flood}");
        output.WriteLine($"fleet of 20 during the flood: {report.Summary()} in {fleetTime.TotalSeconds:F1} s; most in flight at the site {mostInFlight}");
        output.WriteLine($"stored state grew by {storedGrowth / 1024.0:F0} KiB; the process (registrar, fleet and flood together) "
            + $"by {heapGrowth / 1048576.0:F1} MiB of live managed heap, {rssGrowth / 1048576.0:F1} MiB of RSS (the server GC keeps what it grew)");

        Assert.True(report.Failed == 0, report.Summary());
        Assert.Equal(20, report.Enrolled);
        Assert.True(flood.Sent >= 100_000, $"the flood sent only {flood.Sent} triggers");
        // No amplification towards an address that has not proved it receives: every 4.01 is no larger than its trigger.
        Assert.True(flood.ChallengeBytes <= flood.UnprovenBytes, $"amplification: {flood.ChallengeBytes} B of 4.01 answered to {flood.UnprovenBytes} B of triggers");
        Assert.True(flood.EchoRepeats > 0, "the registrar never challenged the flood with an Echo");
        // The flood's host holds at most the per-source cap (32) of the site's 128 slots; the fleet's 20 fit beside it.
        Assert.True(mostInFlight <= 32 + 20, $"{mostInFlight} in flight at once");
        // Twenty enrollments store a few hundred KiB; a flood that stored anything per trigger would store tens of MiB.
        Assert.True(storedGrowth < 8 * 1024 * 1024, $"stored state grew by {storedGrowth} bytes");
        // What stays live after the flood: 20 enrollments and the bounded caches; 14 KB per trigger would be over 1 GiB.
        Assert.True(heapGrowth < 256 * 1024 * 1024, $"the live heap grew by {heapGrowth} bytes");
    }

    private long StoredBytes() => new DirectoryInfo(_data).EnumerateFiles("*", SearchOption.AllDirectories)
        .Where(f => f.Name.Contains(".db", StringComparison.Ordinal)).Sum(f => f.Length);

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
