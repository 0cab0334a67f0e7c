using System.Diagnostics.CodeAnalysis;

namespace Eals.Protocol.Coap;

/// <summary>The outcome of parsing one datagram: a message, or a typed format error with the header when it was readable.</summary>
public readonly struct CoapParseResult
{
    private CoapParseResult(CoapMessage? message, CoapFormatError error, CoapHeader? header, int errorOffset)
    {
        Message = message;
        Error = error;
        Header = header;
        ErrorOffset = errorOffset;
    }

    public CoapMessage? Message { get; }
    public CoapFormatError Error { get; }
    /// <summary>The fixed header, when at least 4 bytes with version 1 were present.</summary>
    public CoapHeader? Header { get; }
    /// <summary>Byte offset at which parsing failed (for diagnostics).</summary>
    public int ErrorOffset { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    public bool IsSuccess => Error == CoapFormatError.None;

    public static CoapParseResult Success(CoapMessage message) => new(message, CoapFormatError.None, null, -1);
    public static CoapParseResult Failure(CoapFormatError error, CoapHeader? header, int offset) => new(null, error, header, offset);
}
