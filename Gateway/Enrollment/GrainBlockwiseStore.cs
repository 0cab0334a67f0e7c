using Eals.Grains;
using Eals.Gateway.Messaging;
using Eals.Grains.Blockwise;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Block-wise state shared by the cluster's gateways: each peer's in its <see cref="IBlockTransferGrain"/>
/// (keyed by <see cref="BlockwisePeer.Key"/>, which every gateway derives alike), so the blocks of one
/// transfer may reach different gateways. Block1 blocks go to the grain (write-through); a representation
/// larger than one block is kept in the grain, and every follow-up is served from the grain: a copy kept by
/// this gateway could be stale, when the pledge repeated its request through another gateway and that one
/// made a newer representation under the same key (blocks of two representations made corrupt message_3s).
/// When the cluster cannot answer, a block gets 5.03 with Max-Age (the client repeats it), keeping a
/// representation is given up, and a lost representation is as if evicted.
/// </summary>
public sealed class GrainBlockwiseStore : IBlockwiseStore
{
    private readonly IGrainFactory _grains;

    public GrainBlockwiseStore(IGrainFactory grains)
    {
        _grains = grains;
    }

    public async ValueTask<Block1Step> AcceptBlock1Async(BlockwisePeer peer, string requestKey, BlockOption block, ReadOnlyMemory<byte> payload, uint? size1)
    {
        Block1Reply reply;
        try
        {
            reply = await Grain(peer).AcceptBlock1Async(requestKey, block.Encode(), payload.ToArray(), size1).ConfigureAwait(false);
        }
        catch (Exception exception) when (ClusterUnavailable.IsTransient(exception))
        {
            return Block1Step.Answered(ClusterUnavailable.Response(exception));
        }
        if (reply.Answer is { } answer)
        {
            return Block1Step.Answered(FromBytes(answer));
        }
        var result = new Block1Result((Block1Status)reply.Status, BlockOption.Decode(reply.Echo), reply.Body, reply.Diagnostic);
        return new Block1Step(result, null, reply.Completion);
    }

    public async ValueTask AnswerBlock1Async(BlockwisePeer peer, long completion, CoapMessage? answer)
    {
        try
        {
            await Grain(peer).AnswerBlock1Async(completion, answer is null ? null : ToBytes(answer)).ConfigureAwait(false);
        }
        catch (Exception exception) when (ClusterUnavailable.IsTransient(exception))
        {
            // The grain is gone or unreachable: a repeat gets 5.03 until the entry expires, or 4.08 from a new activation.
        }
    }

    public async ValueTask KeepRepresentationAsync(BlockwisePeer peer, string requestKey, CoapMessage representation)
    {
        try
        {
            // Refused (limits) or not: block 0 goes out; a follow-up then gets 4.08 and the client starts again.
            await Grain(peer).KeepRepresentationAsync(requestKey, ToBytes(representation)).ConfigureAwait(false);
        }
        catch (Exception exception) when (ClusterUnavailable.IsTransient(exception))
        {
        }
    }

    public async ValueTask<CoapMessage?> FindRepresentationAsync(BlockwisePeer peer, string requestKey)
    {
        try
        {
            return await Grain(peer).FindRepresentationAsync(requestKey).ConfigureAwait(false) is { } bytes ? FromBytes(bytes) : null;
        }
        catch (Exception exception) when (ClusterUnavailable.IsTransient(exception))
        {
            return null;
        }
    }

    private IBlockTransferGrain Grain(BlockwisePeer peer) => _grains.Reference<IBlockTransferGrain>(peer.Key);

    // A response travels as a CoAP message of its own; type, Message ID and token are the endpoint's to set.
    private static byte[] ToBytes(CoapMessage response)
    {
        var copy = response.Clone();
        copy.Type = CoapMessageType.NonConfirmable;
        copy.MessageId = 0;
        copy.Token = ReadOnlyMemory<byte>.Empty;
        return CoapMessageSerializer.Serialize(copy);
    }

    private static CoapMessage FromBytes(byte[] bytes)
        => CoapMessageParser.Parse(bytes).Message ?? throw new InvalidDataException("a block-wise grain held a message that does not parse");
}
