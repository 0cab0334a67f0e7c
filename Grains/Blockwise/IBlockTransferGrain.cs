namespace Eals.Grains.Blockwise;

/// <summary>
/// The block-wise state (RFC 7959) of one CoAP peer, shared by every gateway of the cluster: Block1 bodies
/// being reassembled, the answers to finished Block1 transfers, and Block2 representations, each under
/// the gateway's request key. Keyed by the peer as every gateway names it (its address, or a join proxy's
/// IP and the pledge's handle). Transient: held in memory only, for EXCHANGE_LIFETIME; a peer whose state
/// is lost (a silo failed) gets 4.08 and starts its transfer again.
/// </summary>
[Alias("eals.block-transfer")]
public interface IBlockTransferGrain : IGrainWithStringKey
{
    /// <summary>One Block1 block (<paramref name="block"/> as the option encodes it); when it completes the body, the reply names the completion to answer.</summary>
    [Alias("block1")]
    Task<Block1Reply> AcceptBlock1Async(string requestKey, uint block, byte[] payload, uint? size1);

    /// <summary>The answer (a serialized CoAP response) to the transfer completed as <paramref name="completion"/>; null when handling it failed.</summary>
    [Alias("answer")]
    Task AnswerBlock1Async(long completion, byte[]? answer);

    /// <summary>Keeps a response representation (serialized) for Block2 follow-ups; false when it was refused (limits).</summary>
    [Alias("keep")]
    Task<bool> KeepRepresentationAsync(string requestKey, byte[] representation);

    /// <summary>The representation kept under <paramref name="requestKey"/>, or null.</summary>
    [Alias("find")]
    Task<byte[]?> FindRepresentationAsync(string requestKey);
}
