using System.Net;
using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Gateway.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Benchmarks;

/// <summary>Hosts the gateway's CoAP stack on 127.0.0.1 as GatewayHostedService does (one receive loop per core), serving /time.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int port = line.GetInt("--port", 5683);
        int seconds = line.GetInt("--seconds", 3600);
        var options = new CoapEndpointOptions();
        var router = new CoapResourceRouter([new TimeResource(TimeProvider.System)]);
        var endpoint = new CoapEndpoint(options, new BlockwiseServerLayer(router, options, TimeProvider.System), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        await using var transport = UdpCoapTransport.Start(endpoint, new IPEndPoint(IPAddress.Loopback, port), Environment.ProcessorCount, 8 << 20, NullLogger.Instance);
        Console.WriteLine($"serving coap://127.0.0.1:{transport.LocalEndPoint.Port}/time for {seconds} s");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        endpoint.Stop();
        var s = endpoint.Statistics;
        Console.WriteLine($"received {s.DatagramsReceived}, requests {s.Requests}, duplicates {s.Duplicates}, malformed {s.Malformed}");
        return 0;
    }
}
