using System.Diagnostics;
using System.Globalization;
using System.Net;
using Eals.Gateway.Hosting;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Benchmarks;

/// <summary>
/// Enrollments in progress and the memory each one costs: the embedded default (silo, gateway, SQLite) in
/// this process with caps above N, and S UDP sockets that each trigger EDHOC (CON POST /.well-known/edhoc)
/// again as soon as the previous trigger was answered 2.04 with message_1, honouring Max-Age on 5.03, until N
/// sessions wait for their message_2 (each holds a pacing slot, its sealed ephemeral key and its stored state).
/// Reports the trigger rate, the managed heap after a full collection once a warm-up of W sessions is in
/// progress and again after all N, the process's RSS, and the SQLite file's size.
/// </summary>
public static class InFlightCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int count = line.GetInt("--count", 100_000);
        int warm = Math.Min(count, line.GetInt("--warm", 1_000));
        int sockets = line.GetInt("--sockets", 256);
        string data = Path.Combine(Path.GetTempPath(), "eals-inflight-" + Guid.NewGuid().ToString("N"));
        var invariant = CultureInfo.InvariantCulture;
        string caps = (count + 10_000).ToString(invariant);
        var app = EmbeddedSilo.Build([
            "--data", data, "--Gateway:Port", "0", "--Gateway:Addresses:0", "127.0.0.1", "--Dashboard:Urls", "http://127.0.0.1:0",
            "--Pacing:MaxInFlight", caps, "--Pacing:DefaultSiteCap", caps, "--Pacing:AdmissionRate", "100000", "--Pacing:AdmissionBurst", "100000",
            "--Registrar:EdhocSessionTimeout", "01:00:00", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        try
        {
            var gateway = new IPEndPoint(IPAddress.Loopback, app.Services.GetRequiredService<GatewayHostedService>().Transports[0].LocalEndPoint.Port);
            var clock = Stopwatch.StartNew();
            var (warmed, warmDeferred) = await TriggerAsync(gateway, warm, Math.Min(sockets, warm));
            double warmSeconds = clock.Elapsed.TotalSeconds;
            long warmHeap = Heap();
            clock.Restart();
            var (rest, deferred) = await TriggerAsync(gateway, count - warm, sockets);
            double seconds = clock.Elapsed.TotalSeconds;
            long heap = Heap();
            long rss = Environment.WorkingSet;
            long database = new DirectoryInfo(data).EnumerateFiles("grains.db*").Sum(f => f.Length);
            int inProgress = warmed + rest;
            double perEnrollment = (heap - warmHeap) / (double)Math.Max(1, rest);
            Console.WriteLine(string.Create(invariant, $"in progress: {inProgress} EDHOC sessions ({warmed} warm-up in {warmSeconds:F1} s, then {rest} in {seconds:F1} s: {rest / seconds:F0} admitted/s; {warmDeferred + deferred} triggers deferred with 5.03)"));
            Console.WriteLine(string.Create(invariant, $"managed heap: {warmHeap / 1048576.0:F0} MiB after {warmed}, {heap / 1048576.0:F0} MiB after {inProgress}: {perEnrollment / 1024:F1} KiB per enrollment in progress; RSS {rss / 1048576.0:F0} MiB; SQLite {database / 1048576.0:F0} MiB"));
            Console.WriteLine(string.Create(invariant, $"RESULT in_progress={inProgress} admitted_per_s={rest / seconds:F0} heap_per_enrollment_kib={perEnrollment / 1024:F1} heap_mib={heap / 1048576} rss_mib={rss / 1048576} sqlite_mib={database / 1048576}"));
            return inProgress == count ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Triggers until <paramref name="sessions"/> were answered 2.04, from <paramref name="sockets"/> sockets at once; returns them and the 5.03s.</summary>
    private static async Task<(int Started, int Deferred)> TriggerAsync(IPEndPoint gateway, int sessions, int sockets)
    {
        int remaining = sessions, started = 0, deferred = 0;
        var peer = PeerAddress.FromEndPoint(gateway);
        await Task.WhenAll(Enumerable.Range(0, sockets).Select(async _ =>
        {
            var endpoint = new CoapEndpoint(new CoapEndpointOptions(), new NothingServed(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
            await using var transport = UdpCoapTransport.Start(endpoint, new IPEndPoint(IPAddress.Loopback, 0), 1, 1 << 20, NullLogger.Instance);
            var client = new CoapClient(endpoint);
            try
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    while (true)
                    {
                        var answer = await client.SendAsync(peer, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc"));
                        if (answer.Code == CoapCode.Changed)
                        {
                            Interlocked.Increment(ref started);
                            break;
                        }
                        if (answer.Code != CoapCode.ServiceUnavailable)
                        {
                            throw new InvalidOperationException($"trigger answered {answer.Code}");
                        }
                        Interlocked.Increment(ref deferred);
                        await Task.Delay(TimeSpan.FromSeconds(answer.TryGetUInt(CoapOptionNumber.MaxAge, out uint age) ? age : 1));
                    }
                }
            }
            finally
            {
                endpoint.Stop();
            }
        }));
        return (started, deferred);
    }

    private sealed class NothingServed : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "this endpoint serves nothing"));
    }
}
