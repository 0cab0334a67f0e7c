using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Tests;

/// <summary>
/// Block-wise state that is lost once, between block 0 and block 1 of the first Block1 transfer (as when the
/// gateway that held block 0 has gone): that block 1 meets a fresh store, which answers it 4.08.
/// </summary>
public sealed class ForgetfulBlockwiseStore(LocalBlockwiseStore first, Func<LocalBlockwiseStore> fresh) : IBlockwiseStore
{
    private IBlockwiseStore _current = first;

    public bool Forgot { get; private set; }

    public ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1)
    {
        if (block.Number == 1 && !Forgot)
        {
            Forgot = true;
            _current = fresh();
        }
        return _current.AcceptBlock1Async(peer, requestKey, block, payload, size1);
    }

    public ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer) => _current.AnswerBlock1Async(peer, completion, answer);

    public ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation) => _current.KeepRepresentationAsync(peer, requestKey, representation);

    public ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey) => _current.FindRepresentationAsync(peer, requestKey);
}
