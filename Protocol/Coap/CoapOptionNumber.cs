namespace Eals.Protocol.Coap;

/// <summary>
/// Registered CoAP option numbers (IANA "CoAP Option Numbers"). The low bits carry the option's
/// class (RFC 7252 section 5.4.6): bit 0 critical, bit 1 unsafe-to-forward, bits 1-4 == 0b1110 NoCacheKey.
/// </summary>
public static class CoapOptionNumber
{
    public const ushort IfMatch = 1;
    public const ushort UriHost = 3;
    public const ushort ETag = 4;
    public const ushort IfNoneMatch = 5;
    public const ushort Observe = 6;              // RFC 7641
    public const ushort UriPort = 7;
    public const ushort LocationPath = 8;
    public const ushort Oscore = 9;               // RFC 8613
    public const ushort UriPath = 11;
    public const ushort ContentFormat = 12;
    public const ushort MaxAge = 14;
    public const ushort UriQuery = 15;
    public const ushort HopLimit = 16;            // RFC 8768
    public const ushort Accept = 17;
    public const ushort QBlock1 = 19;             // RFC 9177
    public const ushort LocationQuery = 20;
    public const ushort Edhoc = 21;               // RFC 9668
    public const ushort Block2 = 23;              // RFC 7959
    public const ushort Block1 = 27;              // RFC 7959
    public const ushort Size2 = 28;               // RFC 7959
    public const ushort QBlock2 = 31;             // RFC 9177
    public const ushort ProxyUri = 35;
    public const ushort ProxyScheme = 39;
    public const ushort Size1 = 60;
    public const ushort Echo = 252;               // RFC 9175
    public const ushort NoResponse = 258;         // RFC 7967
    public const ushort RequestTag = 292;         // RFC 9175

    public static bool IsCritical(int number) => (number & 1) != 0;
    public static bool IsUnsafe(int number) => (number & 2) != 0;
    public static bool IsNoCacheKey(int number) => (number & 0x1E) == 0x1C;
}
