namespace Eals.Protocol.Coap;

/// <summary>Why a datagram is not a well-formed CoAP message (RFC 7252 section 3, RFC 8974 section 2.1).</summary>
public enum CoapFormatError : byte
{
    None = 0,
    /// <summary>Fewer than the 4 bytes of the fixed header.</summary>
    TooShort,
    /// <summary>Version other than 1: silently ignored (RFC 7252 section 3).</summary>
    UnknownVersion,
    /// <summary>TKL 15 is reserved (RFC 8974 section 2.1).</summary>
    ReservedTokenLength,
    /// <summary>The datagram ends inside the extended token length or the token.</summary>
    TruncatedToken,
    /// <summary>Token longer than this endpoint accepts.</summary>
    TokenTooLong,
    /// <summary>An option delta or length nibble of 15 that is not the payload marker.</summary>
    ReservedOptionNibble,
    /// <summary>The datagram ends inside an option's extended fields or value.</summary>
    TruncatedOption,
    /// <summary>Option number above 65535.</summary>
    OptionNumberOverflow,
    /// <summary>A payload marker followed by a zero-length payload.</summary>
    EmptyPayloadAfterMarker,
    /// <summary>An Empty message (0.00) with a token, options or payload.</summary>
    NonEmptyEmptyMessage,
    /// <summary>A code of the reserved classes 1, 6 or 7.</summary>
    ReservedCodeClass,
}
