using System.Net;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.Hosting;

/// <summary>Opens one UDP socket per configured address for the CoAP endpoint, and closes them on shutdown.</summary>
public sealed partial class GatewayHostedService : IHostedService, IAsyncDisposable
{
    private readonly CoapEndpoint _endpoint;
    private readonly GatewayOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<GatewayHostedService> _logger;
    private readonly List<UdpCoapTransport> _transports = new();

    // The metrics are held here so that they exist as long as the gateway runs.
    private readonly GatewayMetrics? _metrics;

    public GatewayHostedService(CoapEndpoint endpoint, IOptions<GatewayOptions> options, ILoggerFactory loggers, GatewayMetrics? metrics = null)
    {
        _metrics = metrics;
        _endpoint = endpoint;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<GatewayHostedService>();
    }

    public IReadOnlyList<UdpCoapTransport> Transports => _transports;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        int loops = _options.ReceiveLoops > 0 ? _options.ReceiveLoops : Environment.ProcessorCount;
        var addresses = _options.EffectiveAddresses;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(IPAddress.Parse(address), _options.Port);
            try
            {
                _transports.Add(UdpCoapTransport.Start(_endpoint, endPoint, loops, _options.SocketBufferBytes, _loggers.CreateLogger<UdpCoapTransport>()));
            }
            catch (System.Net.Sockets.SocketException exception) when (_transports.Count > 0 || address != addresses[^1])
            {
                // One unusable address (say ::1 on a host without IPv6) must not take the others down.
                LogBindFailed(endPoint, exception.SocketErrorCode);
            }
        }
        if (_transports.Count == 0)
        {
            throw new InvalidOperationException($"The gateway could not bind any of {string.Join(", ", addresses)} on port {_options.Port}.");
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _endpoint.Stop();
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
        _transports.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not bind udp {EndPoint}: {Error}")]
    private partial void LogBindFailed(IPEndPoint endPoint, System.Net.Sockets.SocketError error);
}
