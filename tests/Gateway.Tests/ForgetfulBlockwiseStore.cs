using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Tests;

/// <summary>
/// Block-wise state that is lost, as when the gateway that held it restarted or has gone: the first
/// <paramref name="block1Times"/> Block1 transfers lose their earlier blocks between block 0 and block 1 (that block 1
/// meets a fresh store, which answers it 4.08), and the first <paramref name="block2Times"/> look-ups of a Block2
/// representation (a follow-up block past 0) find a fresh store that holds none.
/// </summary>
public sealed class ForgetfulBlockwiseStore(LocalBlockwiseStore first, Func<LocalBlockwiseStore> fresh, int block1Times = 1, int block2Times = 0) : IBlockwiseStore
{
    private IBlockwiseStore _current = first;
    private int _block1Losses;
    private int _block2Losses;

    public bool Forgot => Losses > 0;

    /// <summary>How many times the state was lost so far (Block1 and Block2 together).</summary>
    public int Losses => _block1Losses + _block2Losses;

    public ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1)
    {
        if (block.Number == 1 && _block1Losses < block1Times)
        {
            _block1Losses++;
            _current = fresh();
        }
        return _current.AcceptBlock1Async(peer, requestKey, block, payload, size1);
    }

    public ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer) => _current.AnswerBlock1Async(peer, completion, answer);

    public ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation) => _current.KeepRepresentationAsync(peer, requestKey, representation);

    public ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey)
    {
        if (_block2Losses < block2Times)
        {
            _block2Losses++;
            _current = fresh();
        }
        return _current.FindRepresentationAsync(peer, requestKey);
    }
}
