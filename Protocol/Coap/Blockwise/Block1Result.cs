namespace Eals.Protocol.Coap.Blockwise;

/// <summary>The outcome of one Block1 step: the status, the Block1 option to echo, and the body when complete.</summary>
public readonly record struct Block1Result(Block1Status Status, BlockOption Echo, byte[]? Body, string? Diagnostic)
{
    public static Block1Result Fail(Block1Status status, string diagnostic) => new(status, default, null, diagnostic);
}
