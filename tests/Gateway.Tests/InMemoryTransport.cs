using System.Net.Sockets;
using System.Threading.Channels;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>Collects what the endpoint sends, so tests can assert on exact datagrams and wait for them without sleeping.</summary>
public sealed class InMemoryTransport : ICoapTransport
{
    private readonly Channel<(PeerAddress Peer, byte[] Datagram)> _sent = Channel.CreateUnbounded<(PeerAddress, byte[])>();

    public AddressFamily Family => AddressFamily.InterNetwork;

    public int SentCount;

    public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref SentCount);
        _sent.Writer.TryWrite((peer, datagram.ToArray()));
    }

    /// <summary>The next datagram sent, parsed; fails the test if none comes within 5 s of real time.</summary>
    public async Task<CoapMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var (_, datagram) = await _sent.Reader.ReadAsync(timeout.Token);
        var parsed = CoapMessageParser.Parse(datagram);
        Assert.True(parsed.IsSuccess, $"endpoint sent a malformed datagram: {parsed.Error}");
        return parsed.Message;
    }

    public async Task<byte[]> NextRawAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await _sent.Reader.ReadAsync(timeout.Token)).Datagram;
    }

    public bool TryTake(out CoapMessage? message) => TryTake(out _, out message);

    /// <summary>The oldest datagram sent and whom it went to, parsed, if any.</summary>
    public bool TryTake(out PeerAddress peer, out CoapMessage? message)
    {
        if (_sent.Reader.TryRead(out var item))
        {
            peer = item.Peer;
            message = CoapMessageParser.Parse(item.Datagram).Message;
            return true;
        }
        peer = default;
        message = null;
        return false;
    }

    /// <summary>The next datagram sent, raw, with whom it went to; fails the test if there is none.</summary>
    public (PeerAddress Peer, byte[] Datagram) Take()
    {
        Assert.True(_sent.Reader.TryRead(out var item), "nothing was sent");
        return item;
    }

    public int Pending => _sent.Reader.Count;
}
