using Eals.Protocol.Coap.Blockwise;

namespace Eals.Grains.Blockwise;

/// <summary>
/// The block-wise state of one peer, as <see cref="BlockTransferGrain"/> keeps it; plain code, so that it can
/// be tested, and stand in for the grain, without a silo. Block1 goes through the protocol's
/// <see cref="Block1Reassembler{TPeer}"/> (same codes and diagnostics as a gateway's own); the answers to
/// finished transfers and the Block2 representations are kept beside it, at most
/// <see cref="BlockwiseLimits.MaxTransfersPerPeer"/> of each (the oldest go first) and for
/// <see cref="BlockwiseLimits.Lifetime"/>. Everything it holds is drawn from the silo's
/// <see cref="BlockwiseBudget"/>, plus <see cref="ActivationCharge"/> while it holds anything.
/// Not thread-safe: a grain activation calls it one turn at a time.
/// </summary>
public sealed class BlockTransfers : IBlockTransferGrain, IDisposable
{
    /// <summary>How long a repeated final block waits for the first answer while that is being made (the MASA may be slow).</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(10);

    /// <summary>Charged while anything is held, so that a flood of peers is bounded by the budget too, not just their bytes.</summary>
    public const int ActivationCharge = 1024;

    private const string Peer = "";

    private readonly BlockwiseLimits _limits;
    private readonly BlockwiseBudget _budget;
    private readonly TimeProvider _time;
    private readonly Block1Reassembler<string> _reassembler;
    private readonly Dictionary<string, Completed> _completed = new();
    private readonly Dictionary<long, Completed> _pending = new();
    private readonly Dictionary<string, Held> _representations = new();
    private bool _charged;

    public BlockTransfers(BlockTransferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _limits = settings.Limits;
        _budget = settings.Budget;
        _time = settings.Time;
        _reassembler = new Block1Reassembler<string>(_limits, _time, _budget);
    }

    /// <summary>A finished Block1 transfer: its final block and, once made, the answer to it.</summary>
    private sealed class Completed(string key, BlockOption final, long id, long at)
    {
        public string Key { get; } = key;
        public BlockOption Final { get; } = final;
        public long Id { get; } = id;
        public long At { get; } = at;
        public TaskCompletionSource<byte[]?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Charge { get; set; }
    }

    private sealed record Held(byte[] Representation, long At);

    public bool IsEmpty => _reassembler.ActiveTransfers == 0 && _completed.Count == 0 && _pending.Count == 0 && _representations.Count == 0;

    public int ActiveBlock1Transfers => _reassembler.ActiveTransfers;

    public int HeldAnswers => _completed.Count;

    public int HeldRepresentations => _representations.Count;

    public async Task<Block1Reply> AcceptBlock1Async(string requestKey, uint block, byte[] payload, uint? size1)
    {
        Purge();
        var option = BlockOption.Decode(block);
        // Only block 0 starts anything; later blocks find the transfer (and its charge) or none.
        if (option.Number == 0 && !TryCharge())
        {
            return Reply(Block1Result.Fail(Block1Status.Overloaded, "block-wise buffers are full, retry later"));
        }
        var result = _reassembler.Accept(Peer, requestKey, option, payload, size1);
        if (result.Status == Block1Status.Complete)
        {
            // Random, not counted: an answer meant for an earlier activation must not match one of this one.
            var completed = new Completed(requestKey, option, Random.Shared.NextInt64(1, long.MaxValue), _time.GetTimestamp());
            Remember(completed);
            return Reply(result) with { Completion = completed.Id };
        }
        if (result.Status != Block1Status.Incomplete || !_completed.TryGetValue(requestKey, out var first) || first.Final != option)
        {
            Settle();
            return Reply(result);
        }
        // The final block again (a retransmission that reached another gateway, a proxy's new NON): the first answer.
        try
        {
            return await first.Answer.Task.WaitAsync(AnswerWait, _time) is { } answer
                ? Reply(result) with { Answer = answer }
                : Reply(result);
        }
        catch (TimeoutException)
        {
            return Reply(Block1Result.Fail(Block1Status.Overloaded, $"the answer to block {option} is still being made; repeat it"));
        }
    }

    public Task AnswerBlock1Async(long completion, byte[]? answer)
    {
        if (!_pending.Remove(completion, out var completed))
        {
            return Task.CompletedTask;
        }
        bool current = _completed.TryGetValue(completed.Key, out var held) && held == completed;
        if (current && answer is not null && _budget.TryReserve(answer.Length))
        {
            completed.Charge = answer.Length;
        }
        else if (current)
        {
            // Nothing to keep (handling failed, or no room): a repeat gets 4.08 and the client starts over.
            _completed.Remove(completed.Key);
        }
        completed.Answer.TrySetResult(answer);
        Settle();
        return Task.CompletedTask;
    }

    public Task<bool> KeepRepresentationAsync(string requestKey, byte[] representation)
    {
        Purge();
        if (_representations.Remove(requestKey, out var replaced))
        {
            _budget.Release(replaced.Representation.Length);
        }
        if (!TryCharge() || !_budget.TryReserve(representation.Length))
        {
            Settle();
            return Task.FromResult(false);
        }
        if (_representations.Count >= _limits.MaxTransfersPerPeer)
        {
            var oldest = _representations.MinBy(p => p.Value.At);
            _representations.Remove(oldest.Key);
            _budget.Release(oldest.Value.Representation.Length);
        }
        _representations[requestKey] = new Held(representation, _time.GetTimestamp());
        return Task.FromResult(true);
    }

    public Task<byte[]?> FindRepresentationAsync(string requestKey)
    {
        Purge();
        return Task.FromResult(_representations.TryGetValue(requestKey, out var held) ? held.Representation : null);
    }

    /// <summary>Drops what is older than the lifetime; gives the activation's charge back when nothing is left.</summary>
    public void Purge()
    {
        long now = _time.GetTimestamp();
        _reassembler.PurgeExpired();
        foreach (var completed in _completed.Values.Where(c => Expired(c.At, now)).ToList())
        {
            Forget(completed);
        }
        foreach (var completed in _pending.Values.Where(c => Expired(c.At, now)).ToList())
        {
            Forget(completed);
        }
        foreach (var (key, held) in _representations.Where(p => Expired(p.Value.At, now)).ToList())
        {
            _representations.Remove(key);
            _budget.Release(held.Representation.Length);
        }
        Settle();
    }

    /// <summary>Gives everything back to the budget; repeats still waiting get no answer (4.08).</summary>
    public void Dispose()
    {
        _reassembler.Clear();
        foreach (var completed in _completed.Values.Concat(_pending.Values).Distinct().ToList())
        {
            Forget(completed);
        }
        foreach (var held in _representations.Values)
        {
            _budget.Release(held.Representation.Length);
        }
        _representations.Clear();
        Settle();
    }

    private void Remember(Completed completed)
    {
        if (_completed.TryGetValue(completed.Key, out var previous))
        {
            Unhold(previous);
        }
        else if (_completed.Count >= _limits.MaxTransfersPerPeer)
        {
            Unhold(_completed.Values.MinBy(c => c.At)!);
        }
        _completed[completed.Key] = completed;
        _pending[completed.Id] = completed;
    }

    // No longer kept for repeats; a pending one still gets its answer to whoever waits for it.
    private void Unhold(Completed completed)
    {
        if (_completed.TryGetValue(completed.Key, out var held) && held == completed)
        {
            _completed.Remove(completed.Key);
        }
        _budget.Release(completed.Charge);
        completed.Charge = 0;
    }

    private void Forget(Completed completed)
    {
        Unhold(completed);
        _pending.Remove(completed.Id);
        completed.Answer.TrySetResult(null);
    }

    private bool Expired(long at, long now) => _time.GetElapsedTime(at, now) > _limits.Lifetime;

    private bool TryCharge()
    {
        if (!_charged)
        {
            _charged = _budget.TryReserve(ActivationCharge);
        }
        return _charged;
    }

    private void Settle()
    {
        if (_charged && IsEmpty)
        {
            _budget.Release(ActivationCharge);
            _charged = false;
        }
    }

    private static Block1Reply Reply(Block1Result result)
        => new((byte)result.Status, result.Echo.Encode(), result.Body, result.Diagnostic);
}
