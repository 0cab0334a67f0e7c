namespace Eals.Protocol.Coap.Blockwise;

/// <summary>What the server answers to one Block1 request (RFC 7959 section 2.3, 2.5, 2.9).</summary>
public enum Block1Status : byte
{
    /// <summary>More blocks expected: 2.31 Continue echoing the Block1 option.</summary>
    Continue,
    /// <summary>The last block arrived: the body is complete and goes to the resource.</summary>
    Complete,
    /// <summary>A block out of sequence, or for a transfer the server does not hold: 4.08.</summary>
    Incomplete,
    /// <summary>The body would exceed the limit: 4.13 with Size1.</summary>
    TooLarge,
    /// <summary>A malformed block (SZX 7, a non-final block whose payload is not the block size): 4.00.</summary>
    BadRequest,
    /// <summary>The overall buffer budget is exhausted: 5.03.</summary>
    Overloaded,
}
