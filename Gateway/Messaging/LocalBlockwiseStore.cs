using System.Collections.Concurrent;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Block-wise state in this process: what one gateway needs when every block of a transfer reaches it (the
/// embedded default, a gateway on its own). Bounded like the rest of the endpoint: the reassembler by
/// <see cref="BlockwiseLimits"/>, answers and representations by <see cref="CoapEndpointOptions.Block2CacheCapacity"/>.
/// </summary>
public sealed class LocalBlockwiseStore : IBlockwiseStore
{
    private readonly TimeSpan _lifetime;
    private readonly Block1Reassembler<BlockwisePeer> _reassembler;
    private readonly BoundedCache<(BlockwisePeer Peer, string Key), CoapMessage> _representations;
    private readonly BoundedCache<(BlockwisePeer Peer, string Key), CompletedBlock1> _completed;
    // Answers being made, by completion: a waiting repeat is released even when its entry was evicted or replaced.
    // As many as handlers running, since the layer always reports back.
    private readonly ConcurrentDictionary<long, TaskCompletionSource<CoapMessage?>> _pending = new();
    private long _lastCompletion;

    public LocalBlockwiseStore(CoapEndpointOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _lifetime = options.Transmission.ExchangeLifetime;
        _reassembler = new Block1Reassembler<BlockwisePeer>(options.Blockwise, time);
        _representations = new BoundedCache<(BlockwisePeer, string), CoapMessage>(options.Block2CacheCapacity, time);
        _completed = new BoundedCache<(BlockwisePeer, string), CompletedBlock1>(options.Block2CacheCapacity, time);
    }

    /// <summary>A finished Block1 transfer: its final block and the (pristine) answer to it, once there is one.</summary>
    private sealed record CompletedBlock1(BlockOption Final, Task<CoapMessage?> Answer);

    public int ActiveBlock1Transfers => _reassembler.ActiveTransfers;
    public long BufferedBlock1Bytes => _reassembler.BufferedBytes;
    public int CachedRepresentations => _representations.Count;

    public async ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1)
    {
        var result = _reassembler.Accept(peer, requestKey, block, payload.Span, size1);
        if (result.Status == Block1Status.Complete)
        {
            long completion = Interlocked.Increment(ref _lastCompletion);
            var answer = new TaskCompletionSource<CoapMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[completion] = answer;
            _completed.Set((peer, requestKey), new CompletedBlock1(block, answer.Task), _lifetime);
            return Block1Step.Completed(result, completion);
        }
        if (result.Status == Block1Status.Incomplete && _completed.TryGet((peer, requestKey), out var completed) && completed.Final == block
            && await completed.Answer.ConfigureAwait(false) is { } first)
        {
            return Block1Step.Answered(first.Clone());
        }
        return Block1Step.Of(result);
    }

    public ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer)
    {
        if (_pending.TryRemove(completion, out var pending))
        {
            pending.TrySetResult(answer?.Clone());
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation)
    {
        _representations.Set((peer, requestKey), representation, _lifetime);
        return ValueTask.CompletedTask;
    }

    public ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey)
        => ValueTask.FromResult(_representations.TryGet((peer, requestKey), out var held) ? held : null);
}
