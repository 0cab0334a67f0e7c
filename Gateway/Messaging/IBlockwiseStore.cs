using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Where <see cref="BlockwiseServerLayer"/> keeps block-wise state between a peer's requests: Block1 bodies
/// being reassembled, the answers to finished Block1 transfers, and Block2 representations. In one process
/// (<see cref="LocalBlockwiseStore"/>) or shared by a cluster's gateways (a grain per peer), so that each
/// block of a transfer may reach another gateway.
/// </summary>
public interface IBlockwiseStore
{
    /// <summary>
    /// One Block1 block. When it completes the body, the store expects <see cref="AnswerBlock1Async"/> with
    /// the step's <see cref="Block1Step.Completion"/> and the answer (null when there is none); when it repeats
    /// the final block of a completed transfer, the step carries that answer (waiting for it while it is made).
    /// </summary>
    ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1);

    /// <summary>The answer to the transfer completed as <paramref name="completion"/>; null when handling it failed.</summary>
    ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer);

    /// <summary>Keeps a response larger than one block, for the follow-up Block2 requests. Done before block 0 leaves.</summary>
    ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation);

    /// <summary>The representation kept for a Block2 follow-up; null when none is held (never held, expired or evicted).</summary>
    ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey);
}
