using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Eals.Protocol.Coap;

namespace Eals.Tests.Shared.Flood;

/// <summary>
/// An attacker on the same network: empty EDHOC triggers (<c>POST /.well-known/edhoc</c>, non-confirmable) from many
/// ports of one host address at a fixed rate for a fixed time. With <see cref="AnswerEcho"/> it is the stronger
/// attacker, a real host that can receive: a 4.01 carrying an Echo option (RFC 9175) is repeated at once with that
/// Echo from the same port. Counts what it sent and what came back (datagrams and bytes, by response code), so a test
/// can show there is no amplification. Bounded: it stops after <see cref="Duration"/> and closes every socket.
/// </summary>
public sealed class TriggerFlood(IPEndPoint target, IPAddress source)
{
    /// <summary>RFC 9175's Echo option number.</summary>
    public const ushort EchoOption = 252;

    public int Ports { get; init; } = 256;

    public int DatagramsPerSecond { get; init; } = 5_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public bool AnswerEcho { get; init; }

    private long _sent;
    private long _sentBytes;
    private long _received;
    private long _receivedBytes;
    private long _echoRepeats;
    private long _challengedBytes;
    private long _challengeBytes;
    private readonly Dictionary<string, long> _codes = new(StringComparer.Ordinal);

    public long Sent => Interlocked.Read(ref _sent);

    public long SentBytes => Interlocked.Read(ref _sentBytes);

    public long Received => Interlocked.Read(ref _received);

    public long ReceivedBytes => Interlocked.Read(ref _receivedBytes);

    public long EchoRepeats => Interlocked.Read(ref _echoRepeats);

    /// <summary>Bytes of the triggers sent without an Echo (what a spoofing attacker can send).</summary>
    public long UnprovenBytes => Interlocked.Read(ref _challengedBytes);

    /// <summary>Bytes of the 4.01 answers (what such triggers make the registrar send to whoever the source claims to be).</summary>
    public long ChallengeBytes => Interlocked.Read(ref _challengeBytes);

    /// <summary>Responses by CoAP code ("4.01", "5.03", "2.04"...).</summary>
    public IReadOnlyDictionary<string, long> Codes
    {
        get
        {
            lock (_codes)
            {
                return new Dictionary<string, long>(_codes, StringComparer.Ordinal);
            }
        }
    }

    public override string ToString() =>
        $"{Sent} triggers ({SentBytes} B) from {Ports} ports of {source}, {EchoRepeats} repeated with Echo; {Received} answers ({ReceivedBytes} B; "
        + $"4.01 {ChallengeBytes} B to {UnprovenBytes} B of triggers without Echo): "
        + string.Join(", ", Codes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} x{c.Value}"));

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var sockets = new List<Socket>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (int i = 0; i < Ports; i++)
            {
                var socket = new Socket(source.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(source, 0));
                sockets.Add(socket);
            }
            var receivers = sockets.Select(s => ReceiveAsync(s, stop.Token)).ToList();
            await SendAsync(sockets, stop.Token);
            // Late answers still count for a moment, then everything stops.
            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            stop.Cancel();
            await Task.WhenAll(receivers);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private async Task SendAsync(List<Socket> sockets, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long due = 0;
        int next = 0;
        ushort messageId = 0;
        while (clock.Elapsed < Duration && !cancellationToken.IsCancellationRequested)
        {
            long target = (long)(clock.Elapsed.TotalSeconds * DatagramsPerSecond);
            for (; due < target; due++)
            {
                var trigger = Trigger(unchecked(messageId++), null);
                if (await SendOneAsync(sockets[next], trigger) is int length)
                {
                    Interlocked.Add(ref _challengedBytes, length);
                }
                next = (next + 1) % sockets.Count;
            }
            await Task.Delay(1, CancellationToken.None);
        }
    }

    private static CoapMessage Trigger(ushort messageId, ReadOnlyMemory<byte>? echo)
    {
        var message = CoapMessage.Request(CoapMessageType.NonConfirmable, CoapCode.Post, ".well-known/edhoc", BitConverter.GetBytes(messageId));
        message.MessageId = messageId;
        if (echo is { } value)
        {
            message.AddOption(EchoOption, value);
        }
        return message;
    }

    private async Task<int?> SendOneAsync(Socket socket, CoapMessage message)
    {
        byte[] datagram = CoapMessageSerializer.Serialize(message);
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, target);
            Interlocked.Increment(ref _sent);
            Interlocked.Add(ref _sentBytes, datagram.Length);
            return datagram.Length;
        }
        catch (SocketException)
        {
            // A full socket buffer drops the datagram, as a real network would.
            return null;
        }
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[2048];
        EndPoint any = new IPEndPoint(target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _received);
            Interlocked.Add(ref _receivedBytes, result.ReceivedBytes);
            var parsed = CoapMessageParser.Parse(buffer.AsMemory(0, result.ReceivedBytes).ToArray());
            if (!parsed.IsSuccess)
            {
                continue;
            }
            var response = parsed.Message;
            string code = $"{response.Code.Class}.{response.Code.Detail:D2}";
            lock (_codes)
            {
                _codes[code] = _codes.GetValueOrDefault(code) + 1;
            }
            if (response.Code == CoapCode.Unauthorized)
            {
                Interlocked.Add(ref _challengeBytes, result.ReceivedBytes);
            }
            if (AnswerEcho && response.Code == CoapCode.Unauthorized && response.TryGetOption(EchoOption, out var echo))
            {
                Interlocked.Increment(ref _echoRepeats);
                await SendOneAsync(socket, Trigger(unchecked((ushort)(response.MessageId + 1)), echo.Value.ToArray()));
            }
        }
    }
}
