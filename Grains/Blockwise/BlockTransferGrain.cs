using Orleans.Concurrency;

namespace Eals.Grains.Blockwise;

/// <summary>
/// One peer's block-wise state for the whole cluster (<see cref="IBlockTransferGrain"/>), in memory only:
/// losing it with its silo costs the peer a restarted transfer, never a wrong body. It purges what is older
/// than the lifetime (on each call and on a timer that does not keep it alive) and deactivates as soon as
/// it holds nothing. Reentrant, so that a repeated final block can wait for the answer another gateway
/// is still making while that gateway's calls go through; every call changes state in one turn.
/// </summary>
[Reentrant]
public sealed class BlockTransferGrain(BlockTransferSettings settings) : Grain, IBlockTransferGrain
{
    private readonly BlockTransfers _transfers = new(settings);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = settings.Limits.Lifetime / 4;
        this.RegisterGrainTimer(() =>
        {
            _transfers.Purge();
            LeaveIfEmpty();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _transfers.Dispose();
        return Task.CompletedTask;
    }

    public async Task<Block1Reply> AcceptBlock1Async(string requestKey, uint block, byte[] payload, uint? size1)
    {
        var reply = await _transfers.AcceptBlock1Async(requestKey, block, payload, size1);
        LeaveIfEmpty();
        return reply;
    }

    public async Task AnswerBlock1Async(long completion, byte[]? answer)
    {
        await _transfers.AnswerBlock1Async(completion, answer);
        LeaveIfEmpty();
    }

    public async Task<bool> KeepRepresentationAsync(string requestKey, byte[] representation)
    {
        bool kept = await _transfers.KeepRepresentationAsync(requestKey, representation);
        LeaveIfEmpty();
        return kept;
    }

    public async Task<byte[]?> FindRepresentationAsync(string requestKey)
    {
        var held = await _transfers.FindRepresentationAsync(requestKey);
        LeaveIfEmpty();
        return held;
    }

    private void LeaveIfEmpty()
    {
        if (_transfers.IsEmpty)
        {
            DeactivateOnIdle();
        }
    }
}
