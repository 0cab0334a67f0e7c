using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Eals.Gateway.Messaging;
using Microsoft.Extensions.Logging;

namespace Eals.Gateway.Transport;

/// <summary>
/// One UDP socket feeding an <see cref="IDatagramReceiver"/> (the <see cref="CoapEndpoint"/>, or a join-proxy side). Several receive loops run on the socket at once so
/// all cores take part. Each loop owns a pooled buffer and a reusable SocketAddress; when the receiver
/// keeps processing a datagram asynchronously, the buffer goes with it and the loop rents a new one.
/// </summary>
public sealed partial class UdpCoapTransport : ICoapTransport, IAsyncDisposable
{
    /// <summary>The largest UDP payload over IPv4/IPv6 without jumbograms.</summary>
    public const int MaxDatagramSize = 65_527;

    [ThreadStatic]
    private static SocketAddress? t_sendAddressV4;
    [ThreadStatic]
    private static SocketAddress? t_sendAddressV6;

    private readonly Socket _socket;
    private readonly IDatagramReceiver _receiver;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = new();

    private UdpCoapTransport(Socket socket, IDatagramReceiver receiver, ILogger logger)
    {
        _socket = socket;
        _receiver = receiver;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily Family => LocalEndPoint.AddressFamily;

    /// <summary>
    /// Fraction of datagrams (0..1) dropped on purpose, both sent and received: the fleet simulator's
    /// lossy network (<c>--loss</c>). Zero, the default, drops nothing.
    /// </summary>
    public double SimulatedLoss { get; set; }

    /// <summary>Optional mapping of logical peers onto the addresses datagrams use; none by default.</summary>
    public IPeerRouting? Routing { get; set; }

    private bool Drop() => SimulatedLoss > 0 && Random.Shared.NextDouble() < SimulatedLoss;

    /// <summary>Binds to <paramref name="bindTo"/> (port 0 picks a free one) and starts <paramref name="receiveLoops"/> loops.</summary>
    public static UdpCoapTransport Start(IDatagramReceiver receiver, IPEndPoint bindTo, int receiveLoops, int socketBufferBytes, ILogger logger)
    {
        var socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bindTo.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            socket.ReceiveBufferSize = socketBufferBytes;
            socket.SendBufferSize = socketBufferBytes;
            socket.Bind(bindTo);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var transport = new UdpCoapTransport(socket, receiver, logger);
        receiver.Attach(transport);
        for (int i = 0; i < Math.Max(1, receiveLoops); i++)
        {
            transport._loops.Add(Task.Run(transport.ReceiveLoopAsync));
        }
        transport.LogListening(transport.LocalEndPoint, receiveLoops);
        return transport;
    }

    public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        if (Drop())
        {
            return;
        }
        if (Routing is { } routing)
        {
            peer = routing.Outbound(peer, datagram);
        }
        if (peer.Family != Family)
        {
            LogWrongFamily(peer);
            return;
        }
        var address = peer.IsIPv6
            ? t_sendAddressV6 ??= PeerAddress.CreateSocketAddress(AddressFamily.InterNetworkV6)
            : t_sendAddressV4 ??= PeerAddress.CreateSocketAddress(AddressFamily.InterNetwork);
        peer.WriteTo(address);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, address);
        }
        catch (SocketException exception)
        {
            LogSendFailed(peer, exception.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: datagrams still queued by timers have nowhere to go.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var address = PeerAddress.CreateSocketAddress(Family);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramSize);
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, address, token).ConfigureAwait(false);
                }
                catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.NetworkReset)
                {
                    continue; // ICMP errors and oversize datagrams concern one peer, not the socket
                }
                if (Drop())
                {
                    continue;
                }
                var peer = PeerAddress.FromSocketAddress(address);
                if (Routing is { } routing)
                {
                    peer = routing.Inbound(peer, buffer.AsSpan(0, received));
                }
                ValueTask processing;
                try
                {
                    processing = _receiver.ProcessDatagramAsync(this, peer, buffer.AsMemory(0, received));
                }
                catch (Exception exception)
                {
                    LogProcessingFailed(exception, peer);
                    continue;
                }
                if (!processing.IsCompleted)
                {
                    // The receiver still reads this buffer: give it away and take a fresh one.
                    _ = ReturnWhenDoneAsync(processing, buffer, peer);
                    buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramSize);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (token.IsCancellationRequested)
        {
        }
        catch (SocketException) when (token.IsCancellationRequested)
        {
            // Stopping: a receive pending while the socket closes ends with OperationAborted, not cancellation.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReturnWhenDoneAsync(ValueTask processing, byte[] buffer, PeerAddress peer)
    {
        try
        {
            await processing.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogProcessingFailed(exception, peer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CoAP listening on udp {EndPoint} with {Loops} receive loops")]
    private partial void LogListening(IPEndPoint endPoint, int loops);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Send to {Peer} failed: {Error}")]
    private partial void LogSendFailed(PeerAddress peer, SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No socket of {Peer}'s address family on this transport")]
    private partial void LogWrongFamily(PeerAddress peer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a datagram from {Peer} failed")]
    private partial void LogProcessingFailed(Exception exception, PeerAddress peer);
}
