using System.Buffers;
using System.Collections.Concurrent;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Logging;

namespace Eals.Gateway.Messaging;

/// <summary>
/// The CoAP message layer of one endpoint (RFC 7252 section 4), serving requests through an
/// <see cref="ICoapRequestHandler"/> and sending requests of its own:
/// <list type="bullet">
/// <item>malformed messages: Confirmable ones are rejected with RST, others silently dropped (4.2, 4.3);</item>
/// <item>Empty Confirmable (CoAP ping) answered with RST; ACK/RST matched to what this endpoint sent;</item>
/// <item>de-duplication by (peer, Message ID) for EXCHANGE_LIFETIME / NON_LIFETIME, answering duplicates with
///   the cached reply (4.5), in a bounded cache;</item>
/// <item>unrecognised critical options: 4.02 Bad Option for requests, RST for responses (5.4.1);</item>
/// <item>piggybacked responses, or an empty ACK then a separate Confirmable response when the handler is slow (5.2);</item>
/// <item>No-Response (RFC 7967).</item>
/// </list>
/// Thread-safe: the transport calls <see cref="ProcessDatagramAsync"/> from all its receive loops at once.
/// </summary>
public sealed partial class CoapEndpoint : IDatagramReceiver
{
    private const int MaxStackReply = 2048;

    private readonly CoapEndpointOptions _options;
    private readonly ICoapRequestHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CoapOptionRegistry _registry;
    private readonly BoundedCache<DeduplicationKey, byte[]?> _deduplication;
    private readonly ConfirmableSender _confirmables;
    private readonly MessageIdAllocator _messageIds;
    private readonly TokenAllocator _tokens = new();
    private readonly ConcurrentDictionary<ExchangeKey, TaskCompletionSource<CoapMessage>> _clientExchanges = new();
    private readonly CancellationTokenSource _stopping = new();
    private ICoapTransport[] _transports = [];

    public CoapEndpoint(CoapEndpointOptions options, ICoapRequestHandler handler, TimeProvider time, ILogger<CoapEndpoint> logger, CoapOptionRegistry? registry = null)
    {
        _options = options;
        _handler = handler;
        _time = time;
        _logger = logger;
        _registry = registry ?? CoapOptionRegistry.Default;
        _deduplication = new BoundedCache<DeduplicationKey, byte[]?>(options.DeduplicationCapacity, time);
        _messageIds = new MessageIdAllocator(Random.Shared);
        _confirmables = new ConfirmableSender(options.Transmission, time, Random.Shared, Statistics);
    }

    public CoapEndpointStatistics Statistics { get; } = new();

    public CoapEndpointOptions Options => _options;

    /// <summary>Entries held for de-duplication (bounded by <see cref="CoapEndpointOptions.DeduplicationCapacity"/>).</summary>
    public int DeduplicationEntries => _deduplication.Count;

    public int PendingClientExchanges => _clientExchanges.Count;

    public ConfirmableSender Confirmables => _confirmables;

    /// <summary>Registers a transport for requests this endpoint originates (replies always leave by the transport a request came in on).</summary>
    public void Attach(ICoapTransport transport) => _transports = [.. _transports, transport];

    private ICoapTransport TransportFor(PeerAddress peer)
        => _transports.FirstOrDefault(t => t.Family == peer.Family)
           ?? throw new InvalidOperationException($"No transport for {peer.Family} is attached.");

    /// <summary>Cancels handlers still running and outstanding client exchanges.</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>
    /// Processes one received datagram. When the returned task is not already complete, processing goes on
    /// asynchronously and the caller must keep <paramref name="datagram"/>'s memory untouched until it completes.
    /// </summary>
    public ValueTask ProcessDatagramAsync(ICoapTransport transport, PeerAddress peer, ReadOnlyMemory<byte> datagram)
    {
        Statistics.Received();
        var parsed = CoapMessageParser.Parse(datagram, _options.MaxTokenLength);
        if (!parsed.IsSuccess)
        {
            RejectMalformed(transport, peer, parsed);
            return default;
        }
        var message = parsed.Message;
        if (message.IsEmpty)
        {
            HandleEmpty(transport, peer, message);
            return default;
        }
        if (message.IsRequest)
        {
            if (message.Type is CoapMessageType.Acknowledgement or CoapMessageType.Reset)
            {
                // An ACK or RST never carries a request (4.2, 4.3): a format error, silently ignored.
                Statistics.MalformedDatagram();
                return default;
            }
            return HandleRequest(transport, peer, message);
        }
        HandleResponse(transport, peer, message);
        return default;
    }

    private void RejectMalformed(ICoapTransport transport, PeerAddress peer, CoapParseResult parsed)
    {
        Statistics.MalformedDatagram();
        LogMalformed(peer, parsed.Error, parsed.ErrorOffset);
        if (parsed.Header is { Type: CoapMessageType.Confirmable } header)
        {
            SendReset(transport, peer, header.MessageId);
        }
    }

    private void HandleEmpty(ICoapTransport transport, PeerAddress peer, CoapMessage message)
    {
        switch (message.Type)
        {
            case CoapMessageType.Confirmable:
                SendReset(transport, peer, message.MessageId); // CoAP ping (4.3)
                break;
            case CoapMessageType.Acknowledgement:
                _confirmables.OnAcknowledgement(peer, message.MessageId, isReset: false);
                break;
            case CoapMessageType.Reset:
                _confirmables.OnAcknowledgement(peer, message.MessageId, isReset: true);
                break;
            default:
                Statistics.MalformedDatagram(); // a Non-confirmable message is never Empty (4.3)
                break;
        }
    }

    private ValueTask HandleRequest(ICoapTransport transport, PeerAddress peer, CoapMessage request)
    {
        var key = new DeduplicationKey(peer, request.MessageId);
        var lifetime = request.Type == CoapMessageType.Confirmable ? _options.Transmission.ExchangeLifetime : _options.Transmission.NonLifetime;
        if (!_deduplication.TryAdd(key, null, lifetime, out var reply))
        {
            Statistics.Duplicate();
            if (reply is not null)
            {
                transport.Send(peer, reply);
            }
            return default;
        }
        Statistics.Request();

        var problem = CoapOptionValidator.FindCriticalProblem(request, _registry, StripList());
        if (problem is { } critical)
        {
            if (request.Type == CoapMessageType.Confirmable)
            {
                Reply(transport, peer, request, key, CoapResponses.Error(CoapCode.BadOption, critical.Describe(_registry)));
            }
            else
            {
                SendReset(transport, peer, request.MessageId); // a NON with an unrecognised critical option is rejected (5.4.1, 4.3)
            }
            return default;
        }
        StripIgnorableOptions(request);

        ValueTask<CoapMessage> pending;
        try
        {
            pending = _handler.HandleAsync(new CoapRequest(peer, request), _stopping.Token);
        }
        catch (Exception exception)
        {
            pending = new ValueTask<CoapMessage>(HandlerFailed(request, exception));
        }
        if (pending.IsCompletedSuccessfully)
        {
            Reply(transport, peer, request, key, pending.Result);
            return default;
        }
        return new ValueTask(CompleteAsync(transport, peer, request, key, pending));
    }

    private async Task CompleteAsync(ICoapTransport transport, PeerAddress peer, CoapMessage request, DeduplicationKey key, ValueTask<CoapMessage> pending)
    {
        var handlerTask = pending.AsTask();
        if (request.Type == CoapMessageType.Confirmable)
        {
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var timer = Task.Delay(_options.SeparateResponseAfter, _time, delay.Token);
            if (await Task.WhenAny(handlerTask, timer).ConfigureAwait(false) != handlerTask)
            {
                await SendSeparateResponseAsync(transport, peer, request, key, handlerTask).ConfigureAwait(false);
                return;
            }
            await delay.CancelAsync().ConfigureAwait(false);
        }
        Reply(transport, peer, request, key, await ResultOf(request, handlerTask).ConfigureAwait(false));
    }

    /// <summary>RFC 7252 section 5.2.2: an empty ACK now, the response later in a Confirmable message of its own.</summary>
    private async Task SendSeparateResponseAsync(ICoapTransport transport, PeerAddress peer, CoapMessage request, DeduplicationKey key, Task<CoapMessage> handlerTask)
    {
        // Cached before it leaves, so a duplicate that races the ACK is answered with it too.
        var emptyAck = EmptyMessage(CoapMessageType.Acknowledgement, request.MessageId);
        _deduplication.TryUpdate(key, emptyAck);
        Statistics.SeparateResponse();
        transport.Send(peer, emptyAck);

        var response = await ResultOf(request, handlerTask).ConfigureAwait(false);
        if (IsSuppressed(request, response.Code))
        {
            return;
        }
        response.Type = CoapMessageType.Confirmable;
        response.MessageId = _messageIds.Next();
        response.Token = request.Token;
        var bytes = CoapMessageSerializer.Serialize(response);
        try
        {
            var outcome = await _confirmables.SendAsync(transport, peer, response.MessageId, bytes, _stopping.Token).ConfigureAwait(false);
            if (outcome != ConfirmableOutcome.Acknowledged)
            {
                LogSeparateResponseFailed(peer, response.Code.ToString(), outcome);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<CoapMessage> ResultOf(CoapMessage request, Task<CoapMessage> handlerTask)
    {
        try
        {
            return await handlerTask.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return HandlerFailed(request, exception);
        }
    }

    private CoapMessage HandlerFailed(CoapMessage request, Exception exception)
    {
        Statistics.HandlerFailure();
        if (exception is OperationCanceledException && _stopping.IsCancellationRequested)
        {
            return CoapResponses.Error(CoapCode.ServiceUnavailable, "server shutting down");
        }
        LogHandlerFailed(exception, request.Code.ToString(), request.GetPath());
        return CoapResponses.Error(CoapCode.InternalServerError, "internal error");
    }

    /// <summary>Sends the response piggybacked on the ACK (Confirmable request) or as a NON (Non-confirmable request), and caches it.</summary>
    private void Reply(ICoapTransport transport, PeerAddress peer, CoapMessage request, DeduplicationKey key, CoapMessage response)
    {
        bool confirmable = request.Type == CoapMessageType.Confirmable;
        if (IsSuppressed(request, response.Code))
        {
            if (confirmable)
            {
                var emptyAck = EmptyMessage(CoapMessageType.Acknowledgement, request.MessageId);
                _deduplication.TryUpdate(key, emptyAck);
                transport.Send(peer, emptyAck);
            }
            return;
        }

        response.Type = confirmable ? CoapMessageType.Acknowledgement : CoapMessageType.NonConfirmable;
        response.MessageId = confirmable ? request.MessageId : _messageIds.Next();
        response.Token = request.Token;
        int size = CoapMessageSerializer.GetSize(response);
        byte[]? rented = size > MaxStackReply ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> buffer = rented ?? stackalloc byte[MaxStackReply];
        try
        {
            int written = CoapMessageSerializer.Write(response, buffer);
            var datagram = buffer[..written];
            if (confirmable)
            {
                // Only a CON's duplicate is answered again; a duplicate NON is silently ignored (4.5).
                _deduplication.TryUpdate(key, datagram.ToArray());
            }
            transport.Send(peer, datagram);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>RFC 7967: bit 2 (value 2) suppresses 2.xx, bit 4 (8) 4.xx, bit 5 (16) 5.xx.</summary>
    private static bool IsSuppressed(CoapMessage request, CoapCode code)
    {
        if (!request.TryGetUInt(CoapOptionNumber.NoResponse, out uint mask) || mask == 0)
        {
            return false;
        }
        int bit = code.Class switch { 2 => 2, 4 => 8, 5 => 16, _ => 0 };
        return (mask & bit) != 0;
    }

    private void HandleResponse(ICoapTransport transport, PeerAddress peer, CoapMessage response)
    {
        if (response.Type == CoapMessageType.Acknowledgement)
        {
            _confirmables.OnAcknowledgement(peer, response.MessageId, isReset: false);
        }

        var problem = CoapOptionValidator.FindCriticalProblem(response, _registry);
        bool separate = response.Type is CoapMessageType.Confirmable or CoapMessageType.NonConfirmable;
        if (separate)
        {
            var key = new DeduplicationKey(peer, response.MessageId);
            if (!_deduplication.TryAdd(key, null, _options.Transmission.ExchangeLifetime, out var cached))
            {
                Statistics.Duplicate();
                if (cached is not null)
                {
                    transport.Send(peer, cached);
                }
                return;
            }
            bool matched = problem is null && TryCompleteExchange(peer, response);
            if (response.Type == CoapMessageType.Confirmable)
            {
                // Unknown or unprocessable separate responses are rejected (5.3.2, 5.4.1).
                var answer = EmptyMessage(matched ? CoapMessageType.Acknowledgement : CoapMessageType.Reset, response.MessageId);
                _deduplication.TryUpdate(key, answer);
                transport.Send(peer, answer);
                if (!matched)
                {
                    Statistics.ResetSent();
                }
            }
            return;
        }

        if (problem is not null || !TryCompleteExchange(peer, response))
        {
            // A piggybacked response we cannot use: there is nothing to reject it with but our silence (4.2).
            LogUnmatchedResponse(peer, response.Code.ToString());
        }
    }

    private bool TryCompleteExchange(PeerAddress peer, CoapMessage response)
    {
        if (!ExchangeKey.TryCreate(peer, response.Token.Span, out var exchangeKey) || !_clientExchanges.TryRemove(exchangeKey, out var completion))
        {
            return false;
        }
        // The receive buffer is reused once this returns: hand the waiter a copy that owns its bytes.
        return completion.TrySetResult(response.Clone());
    }

    /// <summary>
    /// Sends a request and returns the response (piggybacked or separate). Confirmable requests are
    /// retransmitted until acknowledged; a token and Message ID are assigned when the request has none.
    /// </summary>
    public async Task<CoapMessage> SendRequestAsync(PeerAddress peer, CoapMessage request, CancellationToken cancellationToken = default)
    {
        if (!request.IsRequest || request.Type is not (CoapMessageType.Confirmable or CoapMessageType.NonConfirmable))
        {
            throw new ArgumentException("Only CON or NON requests can be sent.", nameof(request));
        }
        if (_clientExchanges.Count >= _options.MaxClientExchanges)
        {
            throw new InvalidOperationException($"More than {_options.MaxClientExchanges} client exchanges are outstanding.");
        }
        if (request.Token.IsEmpty)
        {
            request.Token = _tokens.Next();
        }
        if (!ExchangeKey.TryCreate(peer, request.Token.Span, out var exchangeKey))
        {
            throw new ArgumentException("Client request tokens are at most 8 bytes.", nameof(request));
        }
        request.MessageId = _messageIds.Next();
        var completion = new TaskCompletionSource<CoapMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_clientExchanges.TryAdd(exchangeKey, completion))
        {
            throw new InvalidOperationException("A request with this token is already outstanding to this peer.");
        }
        var transport = TransportFor(peer);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            var bytes = CoapMessageSerializer.Serialize(request);
            TimeSpan wait;
            if (request.Type == CoapMessageType.Confirmable)
            {
                var outcome = await _confirmables.SendAsync(transport, peer, request.MessageId, bytes, linked.Token).ConfigureAwait(false);
                if (outcome == ConfirmableOutcome.Reset)
                {
                    throw new CoapRequestException($"{peer} rejected the request with RST.");
                }
                if (outcome == ConfirmableOutcome.TimedOut && !completion.Task.IsCompleted)
                {
                    throw new TimeoutException($"{peer} did not acknowledge the request within MAX_TRANSMIT_WAIT.");
                }
                wait = _options.Transmission.ExchangeLifetime;
            }
            else
            {
                transport.Send(peer, bytes);
                wait = _options.Transmission.NonLifetime;
            }
            return await completion.Task.WaitAsync(wait, _time, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _clientExchanges.TryRemove(KeyValuePair.Create(exchangeKey, completion));
        }
    }

    private void SendReset(ICoapTransport transport, PeerAddress peer, ushort messageId)
    {
        Span<byte> reset = stackalloc byte[CoapMessageParser.HeaderLength];
        CoapMessageSerializer.WriteEmpty(reset, CoapMessageType.Reset, messageId);
        transport.Send(peer, reset);
        Statistics.ResetSent();
    }

    private static byte[] EmptyMessage(CoapMessageType type, ushort messageId)
    {
        var bytes = new byte[CoapMessageParser.HeaderLength];
        CoapMessageSerializer.WriteEmpty(bytes, type, messageId);
        return bytes;
    }

    [ThreadStatic]
    private static List<CoapOptionProblem>? t_ignorable;

    private static List<CoapOptionProblem> StripList()
    {
        var list = t_ignorable ??= new List<CoapOptionProblem>();
        list.Clear();
        return list;
    }

    /// <summary>Elective options that must be treated as unrecognised are removed so no resource acts on them (5.4.1).</summary>
    private static void StripIgnorableOptions(CoapMessage request)
    {
        var list = t_ignorable;
        if (list is null || list.Count == 0)
        {
            return;
        }
        foreach (var problem in list)
        {
            if (problem.Kind == CoapOptionProblemKind.Repeated)
            {
                // Keep the first occurrence only.
                var first = request.GetOptions(problem.Number).First();
                request.RemoveOption(problem.Number);
                request.AddOption(first);
            }
            else
            {
                request.RemoveOption(problem.Number);
            }
        }
        list.Clear();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Malformed datagram from {Peer}: {Error} at byte {Offset}")]
    private partial void LogMalformed(PeerAddress peer, CoapFormatError error, int offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler for {Method} /{Path} failed")]
    private partial void LogHandlerFailed(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Separate response {Code} to {Peer} ended {Outcome}")]
    private partial void LogSeparateResponseFailed(PeerAddress peer, string code, ConfirmableOutcome outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unmatched or unprocessable response {Code} from {Peer}")]
    private partial void LogUnmatchedResponse(PeerAddress peer, string code);
}
