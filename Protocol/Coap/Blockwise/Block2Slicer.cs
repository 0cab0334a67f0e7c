namespace Eals.Protocol.Coap.Blockwise;

/// <summary>Cuts a response body into Block2 blocks (RFC 7959 section 2.4).</summary>
public static class Block2Slicer
{
    /// <summary>
    /// The block <paramref name="number"/> of size 2**(szx+4) of <paramref name="body"/>; false when the block
    /// starts beyond the end of a non-empty body.
    /// </summary>
    public static bool TrySlice(ReadOnlyMemory<byte> body, int number, int sizeExponent, out ReadOnlyMemory<byte> segment, out BlockOption block)
    {
        int size = 1 << (sizeExponent + 4);
        long offset = (long)number * size;
        if (offset > body.Length || (offset == body.Length && body.Length > 0))
        {
            segment = default;
            block = default;
            return false;
        }
        int length = (int)Math.Min(size, body.Length - offset);
        segment = body.Slice((int)offset, length);
        block = new BlockOption(number, offset + length < body.Length, sizeExponent);
        return true;
    }
}
