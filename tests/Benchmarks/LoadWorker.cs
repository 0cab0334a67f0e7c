using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Eals.Protocol.Coap;

namespace Eals.Benchmarks;

/// <summary>One connected UDP socket with a window of outstanding requests, a receive thread and a time-out thread.</summary>
public sealed class LoadWorker
{
    public const int BucketMicroseconds = 10;
    public const int Buckets = 100_000; // 10 us buckets up to 1 s; the last slot counts anything slower
    private const int TokenOffset = 4;
    private static readonly long ResendAfter = Stopwatch.Frequency * 2;

    private readonly Socket _socket;
    private readonly byte[][] _requests;
    private readonly long[] _sentAt;
    private readonly ulong[] _tokens;
    private readonly Lock[] _slotLocks;
    private readonly int _id;
    private readonly bool _confirmable;
    private int _messageId;
    private int _sequence;
    private volatile bool _running;
    private Thread? _receiver;
    private Thread? _resender;

    public LoadWorker(int id, IPEndPoint target, string path, int window, bool confirmable)
    {
        _id = id;
        _confirmable = confirmable;
        _socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20, SendBufferSize = 4 << 20 };
        _socket.Connect(target);
        _requests = new byte[window][];
        _sentAt = new long[window];
        _tokens = new ulong[window];
        _slotLocks = new Lock[window];
        for (int slot = 0; slot < window; slot++)
        {
            var request = CoapMessage.Request(confirmable ? CoapMessageType.Confirmable : CoapMessageType.NonConfirmable, CoapCode.Get, path, new byte[8]);
            request.AddOption(CoapOption.FromUInt(CoapOptionNumber.UriPort, (uint)target.Port));
            _requests[slot] = CoapMessageSerializer.Serialize(request);
            _slotLocks[slot] = new Lock();
        }
        _messageId = id * 7919;
    }

    public volatile bool Measuring;
    public long Completed;
    public long Losses;
    public long Errors;
    public readonly long[] Histogram = new long[Buckets + 1];

    public void Start()
    {
        _running = true;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"load-rx-{_id}" };
        _resender = new Thread(ResendLoop) { IsBackground = true, Name = $"load-timeout-{_id}" };
        _receiver.Start();
        _resender.Start();
        for (int slot = 0; slot < _requests.Length; slot++)
        {
            lock (_slotLocks[slot])
            {
                SendNext(slot);
            }
        }
    }

    public void Stop()
    {
        _running = false;
        _socket.Dispose();
        _receiver?.Join();
        _resender?.Join();
    }

    /// <summary>Sends a fresh request (new Message ID and token) in the slot; the caller holds the slot's lock.</summary>
    private void SendNext(int slot)
    {
        var datagram = _requests[slot];
        ushort messageId = (ushort)Interlocked.Increment(ref _messageId);
        ulong token = ((ulong)_id << 56) | ((ulong)slot << 32) | (uint)Interlocked.Increment(ref _sequence);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), messageId);
        BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(TokenOffset), token);
        _tokens[slot] = token;
        _sentAt[slot] = Stopwatch.GetTimestamp();
        try
        {
            _socket.Send(datagram);
        }
        catch (SocketException)
        {
            // Counted as a loss by the time-out thread.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        while (_running)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException) when (_running)
            {
                continue;
            }
            catch (Exception) when (!_running)
            {
                return;
            }
            long now = Stopwatch.GetTimestamp();
            var expectedType = _confirmable ? 0x60 : 0x50; // ACK or NON, version 1
            if (length < 12 || (buffer[0] & 0xF0) != expectedType || (buffer[0] & 0x0F) != 8)
            {
                Interlocked.Increment(ref Errors);
                continue;
            }
            ulong token = BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(TokenOffset));
            int slot = (int)((token >> 32) & 0xFFFFFF);
            if (slot >= _tokens.Length)
            {
                Interlocked.Increment(ref Errors);
                continue;
            }
            lock (_slotLocks[slot])
            {
                if (_tokens[slot] != token)
                {
                    continue; // a late answer to a request already re-sent
                }
                if (buffer[1] != CoapCode.Content.Value)
                {
                    Interlocked.Increment(ref Errors);
                }
                else if (Measuring)
                {
                    Completed++;
                    long micros = (now - _sentAt[slot]) * 1_000_000 / Stopwatch.Frequency;
                    Histogram[Math.Min(Buckets, (int)(micros / BucketMicroseconds))]++;
                }
                SendNext(slot);
            }
        }
    }

    private void ResendLoop()
    {
        while (_running)
        {
            Thread.Sleep(50);
            long now = Stopwatch.GetTimestamp();
            for (int slot = 0; slot < _tokens.Length && _running; slot++)
            {
                lock (_slotLocks[slot])
                {
                    if (now - _sentAt[slot] > ResendAfter)
                    {
                        if (Measuring)
                        {
                            Interlocked.Increment(ref Losses);
                        }
                        SendNext(slot);
                    }
                }
            }
        }
    }
}
