using System.Collections.Concurrent;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Sends Confirmable messages reliably (RFC 7252 section 4.2): retransmission with exponential back-off
/// from a random initial timeout in [ACK_TIMEOUT, ACK_TIMEOUT * ACK_RANDOM_FACTOR], at most MAX_RETRANSMIT
/// times, ended by a matching ACK or RST. At most NSTART messages are outstanding per peer (section 4.7);
/// further ones wait in order.
/// </summary>
public sealed class ConfirmableSender
{
    private readonly CoapTransmissionParameters _parameters;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly CoapEndpointStatistics _statistics;
    private readonly ConcurrentDictionary<DeduplicationKey, TaskCompletionSource<ConfirmableOutcome>> _pending = new();
    private readonly Dictionary<PeerAddress, PeerSlots> _slots = new();
    private readonly Lock _slotsLock = new();

    public ConfirmableSender(CoapTransmissionParameters parameters, TimeProvider time, Random random, CoapEndpointStatistics statistics)
    {
        _parameters = parameters;
        _time = time;
        _random = random;
        _statistics = statistics;
    }

    public int Outstanding => _pending.Count;

    /// <summary>Peers with outstanding or queued messages (entries are removed when idle, so this stays bounded).</summary>
    public int TrackedPeers
    {
        get { lock (_slotsLock) { return _slots.Count; } }
    }

    public async Task<ConfirmableOutcome> SendAsync(ICoapTransport transport, PeerAddress peer, ushort messageId, byte[] datagram, CancellationToken cancellationToken)
    {
        await AcquireSlotAsync(peer, cancellationToken).ConfigureAwait(false);
        var key = new DeduplicationKey(peer, messageId);
        var completion = new TaskCompletionSource<ConfirmableOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = completion;
        using var timers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            double factor = 1 + (_random.NextDouble() * (_parameters.AckRandomFactor - 1));
            var timeout = _parameters.AckTimeout * factor;
            for (int attempt = 0; ; attempt++)
            {
                // The timer starts before the datagram leaves, so whoever sees the datagram can rely on the timer.
                var delay = Task.Delay(timeout, _time, timers.Token);
                if (attempt > 0)
                {
                    _statistics.Retransmitted();
                }
                transport.Send(peer, datagram);
                var finished = await Task.WhenAny(completion.Task, delay).ConfigureAwait(false);
                if (finished == completion.Task)
                {
                    return completion.Task.Result;
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (attempt == _parameters.MaxRetransmit)
                {
                    return ConfirmableOutcome.TimedOut;
                }
                timeout *= 2;
            }
        }
        finally
        {
            await timers.CancelAsync().ConfigureAwait(false);
            _pending.TryRemove(KeyValuePair.Create(key, completion));
            ReleaseSlot(peer);
        }
    }

    /// <summary>Called for every ACK or RST received; true when it matched an outstanding message.</summary>
    public bool OnAcknowledgement(PeerAddress peer, ushort messageId, bool isReset)
        => _pending.TryGetValue(new DeduplicationKey(peer, messageId), out var completion)
           && completion.TrySetResult(isReset ? ConfirmableOutcome.Reset : ConfirmableOutcome.Acknowledged);

    private Task AcquireSlotAsync(PeerAddress peer, CancellationToken cancellationToken)
    {
        lock (_slotsLock)
        {
            if (!_slots.TryGetValue(peer, out var slots))
            {
                slots = new PeerSlots();
                _slots[peer] = slots;
            }
            if (slots.InUse < _parameters.NStart)
            {
                slots.InUse++;
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            slots.Waiters.Enqueue(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            }
            return waiter.Task;
        }
    }

    private void ReleaseSlot(PeerAddress peer)
    {
        lock (_slotsLock)
        {
            var slots = _slots[peer];
            // Hand the slot to the next waiter that is still waiting (cancelled ones are skipped).
            while (slots.Waiters.TryDequeue(out var next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }
            slots.InUse--;
            if (slots.InUse == 0)
            {
                _slots.Remove(peer);
            }
        }
    }

    private sealed class PeerSlots
    {
        public int InUse;
        public readonly Queue<TaskCompletionSource> Waiters = new();
    }
}
