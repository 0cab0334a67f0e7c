namespace Eals.Protocol.Coap.Blockwise;

/// <summary>
/// The value of a Block1 or Block2 option (RFC 7959 section 2.2): NUM (up to 20 bits), M, SZX.
/// <code>
///  0 1 2 3 4 5 6 7 (one byte; two and three bytes extend NUM)
/// +-+-+-+-+-+-+-+-+
/// |  NUM  |M| SZX |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct BlockOption(int Number, bool More, int SizeExponent)
{
    public const int MaxNumber = (1 << 20) - 1;
    public const int MinSizeExponent = 0;   // 16 bytes
    public const int MaxSizeExponent = 6;   // 1024 bytes; 7 is reserved (BERT on reliable transports only)

    /// <summary>Block size in bytes, 2 ** (SZX + 4).</summary>
    public int Size => 1 << (SizeExponent + 4);

    /// <summary>Byte offset of this block in the body.</summary>
    public long Offset => (long)Number * Size;

    public uint Encode()
    {
        if ((uint)Number > MaxNumber || (uint)SizeExponent > 7)
        {
            throw new InvalidOperationException($"Block NUM {Number} or SZX {SizeExponent} out of range.");
        }
        return ((uint)Number << 4) | (More ? 8u : 0u) | (uint)SizeExponent;
    }

    public CoapOption ToOption(ushort optionNumber) => CoapOption.FromUInt(optionNumber, Encode());

    /// <summary>Decodes an option value of 0 to 3 bytes; false for longer values.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out BlockOption block)
    {
        if (value.Length > 3 || !CoapUInt.TryDecode(value, out uint raw))
        {
            block = default;
            return false;
        }
        block = Decode(raw);
        return true;
    }

    /// <summary>The inverse of <see cref="Encode"/> for a value of up to 24 bits.</summary>
    public static BlockOption Decode(uint raw) => new((int)((raw >> 4) & MaxNumber), (raw & 8) != 0, (int)(raw & 7));

    public static bool TryGet(CoapMessage message, ushort optionNumber, out BlockOption block)
    {
        if (message.TryGetOption(optionNumber, out var option))
        {
            return TryDecode(option.Value.Span, out block);
        }
        block = default;
        return false;
    }

    /// <summary>The SZX of the largest block size not above <paramref name="bytes"/> (clamped to 16..1024).</summary>
    public static int SizeExponentFor(int bytes)
    {
        int szx = MaxSizeExponent;
        while (szx > MinSizeExponent && (1 << (szx + 4)) > bytes)
        {
            szx--;
        }
        return szx;
    }

    public override string ToString() => $"{Number}/{(More ? 1 : 0)}/{Size}";
}
