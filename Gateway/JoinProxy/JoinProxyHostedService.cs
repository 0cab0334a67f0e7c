using System.Net;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.JoinProxy;

/// <summary>Opens the join proxy's pledge socket and its upstream sockets, and closes them on shutdown.</summary>
public sealed partial class JoinProxyHostedService : IHostedService, IAsyncDisposable
{
    // Upstream sockets only carry the limiter's rate, spread over all of them: small buffers do.
    private const int UpstreamSocketBufferBytes = 256 * 1024;

    private readonly JoinProxyRelay _relay;
    private readonly JoinProxyOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly List<UdpCoapTransport> _transports = new();

    public JoinProxyHostedService(JoinProxyRelay relay, IOptions<JoinProxyOptions> options, ILoggerFactory loggers)
    {
        _relay = relay;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<JoinProxyHostedService>();
    }

    /// <summary>Where pledges reach the proxy (with the port picked when configured as 0); null before start.</summary>
    public IPEndPoint? PledgeEndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var transportLogger = _loggers.CreateLogger<UdpCoapTransport>();
        int loops = _options.ReceiveLoops > 0 ? _options.ReceiveLoops : Environment.ProcessorCount;
        try
        {
            int upstreamSockets = _options.UpstreamSocketCount(CoapTransmissionParameters.Default);
            var bind = new IPEndPoint(_options.GetUpstreamBindAddress(), 0);
            for (int i = 0; i < upstreamSockets; i++)
            {
                _transports.Add(UdpCoapTransport.Start(_relay.RegistrarSide, bind, receiveLoops: 1, UpstreamSocketBufferBytes, transportLogger));
            }
            var pledgeSide = UdpCoapTransport.Start(_relay.PledgeSide, new IPEndPoint(IPAddress.Parse(_options.Address), _options.Port), loops, _options.SocketBufferBytes, transportLogger);
            _transports.Add(pledgeSide);
            PledgeEndPoint = pledgeSide.LocalEndPoint;
            LogStarted(PledgeEndPoint, _options.Upstream, upstreamSockets, _options.Rate, _options.Burst);
        }
        catch
        {
            _ = StopAsync(CancellationToken.None);
            throw;
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
        _transports.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Join proxy: pledges on udp {EndPoint}, forwarding to {Upstream} over {Sockets} socket(s), {Rate}/s, burst {Burst}")]
    private partial void LogStarted(IPEndPoint endPoint, string upstream, int sockets, double rate, int burst);
}
