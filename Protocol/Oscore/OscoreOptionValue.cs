using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// The value of the OSCORE option (RFC 8613 section 6.1): the compressed COSE header parameters.
/// <code>
///  0 1 2 3 4 5 6 7 &lt;------------- n bytes --------------&gt;
/// +-+-+-+-+-+-+-+-+--------------------------------------
/// |0 0 0|h|k|  n  |       Partial IV (if any) ...
/// +-+-+-+-+-+-+-+-+--------------------------------------
///
///  &lt;- 1 byte -&gt; &lt;----- s bytes ------&gt;
/// +------------+----------------------+------------------+
/// | s (if any) | kid context (if any) | kid (if any) ... |
/// +------------+----------------------+------------------+
/// </code>
/// Absent fields are null; a present but empty kid (an empty Sender ID) is an empty array.
/// All flags zero is the empty option value.
/// </summary>
public sealed record OscoreOptionValue(byte[]? PartialIv, byte[]? KidContext, byte[]? Kid)
{
    private const byte PartialIvLengthMask = 0x07;
    private const byte KidFlag = 0x08;
    private const byte KidContextFlag = 0x10;
    private const byte ReservedMask = 0xE0;
    private const int ReservedPartialIvLengthStart = 6;

    public static OscoreOptionValue Empty { get; } = new(null, null, null);

    public int GetEncodedLength()
    {
        if (PartialIv is null && KidContext is null && Kid is null)
        {
            return 0;
        }
        return 1 + (PartialIv?.Length ?? 0) + (KidContext is null ? 0 : 1 + KidContext.Length) + (Kid?.Length ?? 0);
    }

    public byte[] Encode()
    {
        var bytes = new byte[GetEncodedLength()];
        if (bytes.Length == 0)
        {
            return bytes;
        }
        if (PartialIv is { Length: > OscoreAlgorithm.MaxPartialIvLength } || KidContext is { Length: > byte.MaxValue })
        {
            throw new InvalidOperationException("Partial IV longer than 5 bytes or kid context longer than 255 bytes.");
        }
        int n = PartialIv?.Length ?? 0;
        bytes[0] = (byte)(n | (Kid is null ? 0 : KidFlag) | (KidContext is null ? 0 : KidContextFlag));
        int offset = 1;
        if (PartialIv is not null)
        {
            PartialIv.CopyTo(bytes, offset);
            offset += n;
        }
        if (KidContext is not null)
        {
            bytes[offset++] = (byte)KidContext.Length;
            KidContext.CopyTo(bytes, offset);
            offset += KidContext.Length;
        }
        Kid?.CopyTo(bytes, offset);
        return bytes;
    }

    /// <summary>
    /// The OSCORE option of a received message, e.g. for routing by 'kid' and 'kid context' before the
    /// context is looked up. Exactly one decodable OSCORE option and a non-empty payload are required
    /// (section 2: an OSCORE message without payload is malformed); anything else is 4.02 (section 8.2).
    /// </summary>
    public static OscoreResult<OscoreOptionValue> Read(CoapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int count = 0;
        ReadOnlyMemory<byte> value = default;
        foreach (var candidate in message.Options)
        {
            if (candidate.Number == CoapOptionNumber.Oscore)
            {
                count++;
                value = candidate.Value;
            }
        }
        if (count != 1 || message.Payload.IsEmpty || TryDecode(value.Span, out var option) != OscoreOptionError.None)
        {
            return OscoreError.CoseDecodeFailed;
        }
        return option;
    }

    /// <summary>Decodes strictly; every malformation is an <see cref="OscoreOptionError"/>, never an exception.</summary>
    public static OscoreOptionError TryDecode(ReadOnlySpan<byte> value, out OscoreOptionValue decoded)
    {
        decoded = Empty;
        if (value.IsEmpty)
        {
            return OscoreOptionError.None;
        }
        byte flags = value[0];
        if (flags == 0)
        {
            return OscoreOptionError.ZeroFlagsNotEmpty;
        }
        if ((flags & ReservedMask) != 0)
        {
            return OscoreOptionError.ReservedFlag;
        }
        int n = flags & PartialIvLengthMask;
        if (n >= ReservedPartialIvLengthStart)
        {
            return OscoreOptionError.ReservedPartialIvLength;
        }
        var rest = value[1..];
        if (rest.Length < n)
        {
            return OscoreOptionError.TruncatedPartialIv;
        }
        byte[]? partialIv = null;
        if (n > 0)
        {
            if (n > 1 && rest[0] == 0)
            {
                return OscoreOptionError.PartialIvLeadingZero;
            }
            partialIv = rest[..n].ToArray();
            rest = rest[n..];
        }
        byte[]? kidContext = null;
        if ((flags & KidContextFlag) != 0)
        {
            if (rest.IsEmpty || rest.Length < 1 + rest[0])
            {
                return OscoreOptionError.TruncatedKidContext;
            }
            kidContext = rest.Slice(1, rest[0]).ToArray();
            rest = rest[(1 + rest[0])..];
        }
        byte[]? kid = null;
        if ((flags & KidFlag) != 0)
        {
            kid = rest.ToArray();
        }
        else if (!rest.IsEmpty)
        {
            return OscoreOptionError.TrailingBytes;
        }
        decoded = new OscoreOptionValue(partialIv, kidContext, kid);
        return OscoreOptionError.None;
    }

    public bool Equals(OscoreOptionValue? other)
        => other is not null && SameBytes(PartialIv, other.PartialIv) && SameBytes(KidContext, other.KidContext) && SameBytes(Kid, other.Kid);

    public override int GetHashCode() => HashCode.Combine(PartialIv?.Length, KidContext?.Length, Kid?.Length);

    public override string ToString()
        => $"OSCORE {{ piv = {Hex(PartialIv)}, kid context = {Hex(KidContext)}, kid = {Hex(Kid)} }}";

    private static bool SameBytes(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Hex(byte[]? bytes) => bytes is null ? "-" : $"h'{Convert.ToHexStringLower(bytes)}'";
}
