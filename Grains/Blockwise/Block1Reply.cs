namespace Eals.Grains.Blockwise;

/// <summary>
/// The shared reassembler's answer to one Block1 block: a <see cref="Protocol.Coap.Blockwise.Block1Status"/>
/// with the Block1 option to echo, the body when complete (with the completion its answer goes to), the
/// diagnostic of a refusal, or the first answer to a repeated final block (a serialized CoAP response).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.block1-reply")]
public sealed record Block1Reply(
    [property: Id(0)] byte Status,
    [property: Id(1)] uint Echo,
    [property: Id(2)] byte[]? Body,
    [property: Id(3)] string? Diagnostic,
    [property: Id(4)] byte[]? Answer = null,
    [property: Id(5)] long Completion = 0);
