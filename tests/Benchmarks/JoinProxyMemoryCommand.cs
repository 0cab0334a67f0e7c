using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Eals.Benchmarks;

/// <summary>
/// The join proxy's memory against the number of pledges: hosts the proxy (as `Silo --role join-proxy` does) on
/// loopback in front of <c>--upstream</c> (e.g. `Benchmarks serve`), sends one CON GET /time from each of N
/// distinct UDP sockets (a pledge each, 32 at a time) through it, and reports the managed heap after a full
/// collection once the first 10 pledges are through and again after all N.
/// </summary>
public static class JoinProxyMemoryCommand
{
    private const int Warm = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int pledges = Math.Max(Warm, line.GetInt("--pledges", 10_000));
        var options = new JoinProxyOptions { Upstream = line.Get("--upstream", "127.0.0.1:5683"), Port = 0, Rate = 5000, Burst = 5000 };
        var random = SystemRandomSource.Instance;
        var key = new byte[JoinProxyTokenCodec.KeyLength];
        random.Fill(key);
        using var codec = new JoinProxyTokenCodec(key, random);
        var relay = new JoinProxyRelay(codec, new JoinProxyRateLimit(options.Rate, options.Burst, TimeProvider.System), PeerAddress.FromEndPoint(options.GetUpstreamEndPoint()),
            options.ResponseLifetime, TimeProvider.System, random, NullLogger<JoinProxyRelay>.Instance);
        await using var proxy = new JoinProxyHostedService(relay, Options.Create(options), NullLoggerFactory.Instance);
        await proxy.StartAsync(CancellationToken.None);
        var target = proxy.PledgeEndPoint!;

        int failed = await RunPledgesAsync(target, 0, Warm);
        long warmHeap = Heap();
        failed += await RunPledgesAsync(target, Warm, pledges - Warm);
        long fullHeap = Heap();
        await proxy.StopAsync(CancellationToken.None);

        var s = relay.Statistics;
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"pledges {pledges} (failed {failed}), forwarded {s.Forwarded}, relayed {s.Relayed}, rate-limited {s.RateLimited}, upstream sockets {relay.UpstreamSockets}"));
        Console.WriteLine(string.Create(invariant, $"managed heap after {Warm} pledges: {warmHeap / 1024.0:F0} KiB; after {pledges}: {fullHeap / 1024.0:F0} KiB; difference {(fullHeap - warmHeap) / 1024.0:F0} KiB"));
        Console.WriteLine(string.Create(invariant, $"RESULT pledges={pledges} heap_warm_kib={warmHeap / 1024} heap_end_kib={fullHeap / 1024} failed={failed}"));
        return failed == 0 ? 0 : 1;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Each pledge: its own socket (its own port), one CON GET /time, re-sent up to 3 times; false when never answered.</summary>
    private static async Task<int> RunPledgesAsync(IPEndPoint proxy, int first, int count)
    {
        int failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var token = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(token, i);
            var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "time", token);
            request.MessageId = (ushort)i;
            var datagram = CoapMessageSerializer.Serialize(request);
            var buffer = new byte[1500];
            for (int attempt = 0; attempt < 3; attempt++)
            {
                await socket.SendToAsync(datagram, proxy);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    int received = await socket.ReceiveAsync(buffer, timeout.Token);
                    var answer = CoapMessageParser.Parse(buffer.AsMemory(0, received));
                    if (answer.IsSuccess && answer.Message.Token.Span.SequenceEqual(token) && answer.Message.MessageId == request.MessageId)
                    {
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
            Interlocked.Increment(ref failed);
        });
        return failed;
    }
}
