using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// What an <see cref="IBlockwiseStore"/> made of one Block1 block: the reassembler's result, or an answer to
/// send as it is (the first answer to a repeated final block, or the store's own "not now"). A completed
/// body comes with the <see cref="Completion"/> its answer is to be stored under.
/// </summary>
public readonly record struct Block1Step(Block1Result Result, CoapMessage? Answer, long Completion = 0)
{
    public static Block1Step Of(Block1Result result) => new(result, null);

    public static Block1Step Completed(Block1Result result, long completion) => new(result, null, completion);

    public static Block1Step Answered(CoapMessage answer) => new(default, answer);
}
