namespace Eals.Protocol.Oscore;

/// <summary>Why an OSCORE option value cannot be decoded (RFC 8613 section 6.1).</summary>
public enum OscoreOptionError : byte
{
    None = 0,
    /// <summary>A non-empty value whose flag byte is 0x00: all-zero flags must be sent as an empty option.</summary>
    ZeroFlagsNotEmpty,
    /// <summary>One of the reserved flag bits (0x20, 0x40, extension flag 0x80) is set.</summary>
    ReservedFlag,
    /// <summary>n = 6 or 7: Partial IV lengths that are reserved.</summary>
    ReservedPartialIvLength,
    /// <summary>The value ends inside the Partial IV.</summary>
    TruncatedPartialIv,
    /// <summary>A Partial IV with a leading zero byte (senders must use the shortest form).</summary>
    PartialIvLeadingZero,
    /// <summary>h = 1 but the value ends before the kid context length or inside the kid context.</summary>
    TruncatedKidContext,
    /// <summary>Bytes after the Partial IV and kid context although k = 0.</summary>
    TrailingBytes,
}
