namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 6.1: the Partial IV is the Sender Sequence Number in network byte order, 1 to 5 bytes,
/// without leading zero bytes (0 is the single byte 0x00).
/// </summary>
public static class OscorePartialIv
{
    public static byte[] Encode(ulong sequenceNumber)
    {
        if (sequenceNumber > OscoreAlgorithm.MaxSequenceNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceNumber), "Sequence numbers stop at 2^40 - 1.");
        }
        int length = 1;
        while (length < OscoreAlgorithm.MaxPartialIvLength && sequenceNumber >> (8 * length) != 0)
        {
            length++;
        }
        var bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)sequenceNumber;
            sequenceNumber >>= 8;
        }
        return bytes;
    }

    /// <summary>True when the bytes are a Partial IV in the form a sender must use.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> partialIv)
        => partialIv.Length is >= 1 and <= OscoreAlgorithm.MaxPartialIvLength && (partialIv.Length == 1 || partialIv[0] != 0);

    /// <summary>The sequence number a (well-formed) Partial IV carries.</summary>
    public static ulong Decode(ReadOnlySpan<byte> partialIv)
    {
        ulong value = 0;
        foreach (byte b in partialIv)
        {
            value = (value << 8) | b;
        }
        return value;
    }
}
