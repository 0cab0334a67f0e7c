using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Microsoft.Extensions.Logging;

namespace Eals.Gateway.JoinProxy;

/// <summary>
/// The stateless join proxy (RFC 9031 section 5, RFC 8974 section 3) between pledges and the registrar's
/// gateway. A pledge request goes upstream as a NON with the proxy's own Message ID and, instead of the
/// pledge's token, a sealed token carrying the pledge's address, token, Message ID and message type; the
/// registrar's response comes back with that token, which is all the proxy needs to answer the pledge
/// (a piggybacked ACK for a CON request, a NON otherwise). Nothing is kept per pledge or per exchange:
/// a lost datagram is recovered by the pledge retransmitting, which is simply forwarded again.
/// Over its rate limit the proxy answers 5.03 with Max-Age itself and forwards nothing.
/// Synchronous and thread-safe: every receive loop of every socket calls in at once.
/// </summary>
public sealed partial class JoinProxyRelay
{
    private const int MaxStackDatagram = 2048;
    // Message IDs upstream come from one counter: the low 16 bits are the ID, the bits above pick the socket,
    // so one socket reuses an ID only after (sockets x 65536) requests (RFC 7252 section 4.4: never within NON_LIFETIME).
    private const int MessageIdBits = 16;

    private readonly JoinProxyTokenCodec _codec;
    private readonly JoinProxyRateLimit _limiter;
    private readonly PeerAddress _upstream;
    private readonly uint _lifetimeSeconds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ICoapTransport[] _pledgeTransports = [];
    private ICoapTransport[] _upstreamTransports = [];
    private long _upstreamMessages;
    private int _pledgeMessageIds;

    public JoinProxyRelay(JoinProxyTokenCodec codec, JoinProxyRateLimit limiter, PeerAddress upstream, TimeSpan responseLifetime, TimeProvider time, IRandomSource random, ILogger<JoinProxyRelay> logger)
    {
        _codec = codec;
        _limiter = limiter;
        _upstream = upstream;
        _lifetimeSeconds = (uint)Math.Ceiling(responseLifetime.TotalSeconds);
        _time = time;
        _logger = logger;
        // Random first Message IDs on both sides (RFC 7252 section 4.4).
        Span<byte> start = stackalloc byte[4];
        random.Fill(start);
        _upstreamMessages = BinaryPrimitives.ReadUInt16BigEndian(start);
        _pledgeMessageIds = BinaryPrimitives.ReadUInt16BigEndian(start[2..]);
        PledgeSide = new RelaySide(transport => _pledgeTransports = [.. _pledgeTransports, transport], FromPledge);
        RegistrarSide = new RelaySide(transport => _upstreamTransports = [.. _upstreamTransports, transport], FromRegistrar);
    }

    /// <summary>Receives what pledges send: give it the socket pledges reach the proxy on.</summary>
    public IDatagramReceiver PledgeSide { get; }

    /// <summary>Receives the registrar's responses: give it the sockets requests leave by.</summary>
    public IDatagramReceiver RegistrarSide { get; }

    public JoinProxyStatistics Statistics { get; } = new();

    public PeerAddress Upstream => _upstream;

    public int UpstreamSockets => _upstreamTransports.Length;

    /// <summary>A datagram from a pledge.</summary>
    public void FromPledge(ICoapTransport transport, PeerAddress pledge, ReadOnlyMemory<byte> datagram)
    {
        var parsed = CoapMessageParser.Parse(datagram);
        if (!parsed.IsSuccess)
        {
            Statistics.Malform();
            RejectMalformed(transport, pledge, parsed.Header);
            return;
        }
        var request = parsed.Message;
        if (!request.IsRequest || request.Type is not (CoapMessageType.Confirmable or CoapMessageType.NonConfirmable))
        {
            // Pings (RST, RFC 7252 section 4.3), and responses, ACKs, RSTs: nothing a pledge sends the proxy needs to go on.
            Statistics.Ignore();
            RejectIfConfirmable(transport, pledge, request);
            return;
        }
        if (request.Token.Length > JoinProxyTokenCodec.MaxPledgeTokenLength)
        {
            Statistics.Ignore();
            Answer(transport, pledge, request.Type, request.MessageId, request.Token,
                Diagnostic(CoapCode.BadRequest, $"a join proxy takes tokens of at most {JoinProxyTokenCodec.MaxPledgeTokenLength} bytes"));
            return;
        }
        if (!_limiter.TryTake(out var wait))
        {
            Statistics.Limit();
            uint seconds = (uint)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
            LogRateLimited(pledge, seconds);
            var busy = Diagnostic(CoapCode.ServiceUnavailable, $"join proxy busy: retry in {seconds} s").SetUInt(CoapOptionNumber.MaxAge, seconds);
            Answer(transport, pledge, request.Type, request.MessageId, request.Token, busy);
            return;
        }

        var upstreams = _upstreamTransports;
        if (upstreams.Length == 0)
        {
            throw new InvalidOperationException("The join proxy has no upstream socket attached.");
        }
        long number = Interlocked.Increment(ref _upstreamMessages);
        var exchange = new ProxiedExchange(pledge, request.Type, request.MessageId, request.Token, Now());
        request.Token = _codec.Seal(exchange);
        request.Type = CoapMessageType.NonConfirmable;
        request.MessageId = (ushort)number;
        if (request.HasOption(CoapOptionNumber.ProxyScheme))
        {
            // RFC 9031 section 8.1: the pledge may address the JRC through its join proxy with Proxy-Scheme "coap";
            // this proxy is that forward-proxy step, so the option ends here.
            request.RemoveOption(CoapOptionNumber.ProxyScheme);
        }
        Send(upstreams[(int)((ulong)(number >> MessageIdBits) % (ulong)upstreams.Length)], _upstream, request);
        Statistics.Forward();
    }

    /// <summary>A datagram arriving on an upstream socket.</summary>
    public void FromRegistrar(ICoapTransport transport, PeerAddress from, ReadOnlyMemory<byte> datagram)
    {
        if (from != _upstream)
        {
            Statistics.Ignore(); // only the registrar's gateway answers on these sockets
            return;
        }
        var parsed = CoapMessageParser.Parse(datagram);
        if (!parsed.IsSuccess)
        {
            Statistics.Malform();
            RejectMalformed(transport, from, parsed.Header);
            return;
        }
        var response = parsed.Message;
        if (!response.IsResponse || response.Type == CoapMessageType.Reset)
        {
            // Empty ACK/RST (the proxy sends no CON upstream), pings, requests: nothing to relay.
            Statistics.Ignore();
            RejectIfConfirmable(transport, from, response);
            return;
        }
        if (!_codec.TryOpen(response.Token.Span, out var exchange))
        {
            Statistics.Unauthentic();
            LogUnauthenticated(from, response.Code.ToString(), response.Token.Length);
            RejectIfConfirmable(transport, from, response);
            return;
        }
        if (unchecked(Now() - exchange.IssuedAt) > _lifetimeSeconds)
        {
            Statistics.Expire(); // RFC 8974 section 3: state in a token carries its freshness; stale answers are replays
            RejectIfConfirmable(transport, from, response);
            return;
        }
        if (response.Type == CoapMessageType.Confirmable)
        {
            // A separate CON response is acknowledged at once; a retransmission of it is relayed again and the pledge de-duplicates.
            Span<byte> ack = stackalloc byte[CoapMessageParser.HeaderLength];
            CoapMessageSerializer.WriteEmpty(ack, CoapMessageType.Acknowledgement, response.MessageId);
            transport.Send(from, ack);
        }
        var pledgeTransport = TransportFor(exchange.Pledge);
        if (pledgeTransport is null)
        {
            Statistics.Ignore();
            return;
        }
        // Counted before it leaves: a pledge that has its answer must find it counted (a test read 1 of 2 otherwise).
        Statistics.Relay();
        Answer(pledgeTransport, exchange.Pledge, exchange.Type, exchange.MessageId, exchange.Token, response);
    }

    /// <summary>The answer to a pledge's request: piggybacked on the ACK of a CON, or a NON of its own (RFC 7252 section 5.2).</summary>
    private void Answer(ICoapTransport transport, PeerAddress pledge, CoapMessageType requestType, ushort requestMessageId, ReadOnlyMemory<byte> token, CoapMessage response)
    {
        bool confirmable = requestType == CoapMessageType.Confirmable;
        response.Type = confirmable ? CoapMessageType.Acknowledgement : CoapMessageType.NonConfirmable;
        response.MessageId = confirmable ? requestMessageId : (ushort)Interlocked.Increment(ref _pledgeMessageIds);
        response.Token = token;
        Send(transport, pledge, response);
    }

    /// <summary>RFC 7252 sections 4.2 and 4.3: a Confirmable message that is not processed is rejected with RST.</summary>
    private static void RejectIfConfirmable(ICoapTransport transport, PeerAddress peer, CoapMessage message)
    {
        if (message.Type == CoapMessageType.Confirmable)
        {
            SendReset(transport, peer, message.MessageId);
        }
    }

    private static void RejectMalformed(ICoapTransport transport, PeerAddress peer, CoapHeader? header)
    {
        if (header is { Type: CoapMessageType.Confirmable } confirmable)
        {
            SendReset(transport, peer, confirmable.MessageId);
        }
    }

    private static void SendReset(ICoapTransport transport, PeerAddress peer, ushort messageId)
    {
        Span<byte> reset = stackalloc byte[CoapMessageParser.HeaderLength];
        CoapMessageSerializer.WriteEmpty(reset, CoapMessageType.Reset, messageId);
        transport.Send(peer, reset);
    }

    private static void Send(ICoapTransport transport, PeerAddress peer, CoapMessage message)
    {
        int size = CoapMessageSerializer.GetSize(message);
        byte[]? rented = size > MaxStackDatagram ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> buffer = rented ?? stackalloc byte[MaxStackDatagram];
        try
        {
            transport.Send(peer, buffer[..CoapMessageSerializer.Write(message, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private ICoapTransport? TransportFor(PeerAddress pledge)
    {
        foreach (var transport in _pledgeTransports)
        {
            if (transport.Family == pledge.Family)
            {
                return transport;
            }
        }
        return null;
    }

    private static CoapMessage Diagnostic(CoapCode code, string text) => new() { Code = code, Payload = Encoding.UTF8.GetBytes(text) };

    /// <summary>Whole seconds of the monotonic clock, wrapping: only differences of it are used.</summary>
    private uint Now() => unchecked((uint)(_time.GetTimestamp() / _time.TimestampFrequency));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rate limit: {Pledge} answered 5.03, Max-Age {Seconds}")]
    private partial void LogRateLimited(PeerAddress pledge, uint seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Code} from {Peer}: its {Length}-byte token is not one this proxy sealed")]
    private partial void LogUnauthenticated(PeerAddress peer, string code, int length);
}
