namespace Eals.Protocol.Coap;

/// <summary>
/// The 8-bit code of RFC 7252 section 3: a 3-bit class and a 5-bit detail, written "c.dd".
/// Registered values from RFC 7252 12.1, RFC 7959 (2.31, 4.08), RFC 8132 (FETCH, PATCH, iPATCH, 4.09, 4.22)
/// and RFC 8516 (4.29).
/// </summary>
public readonly record struct CoapCode(byte Value)
{
    public static CoapCode Create(int codeClass, int detail)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)codeClass, 7u, nameof(codeClass));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)detail, 31u, nameof(detail));
        return new CoapCode((byte)((codeClass << 5) | detail));
    }

    public int Class => Value >> 5;
    public int Detail => Value & 0x1F;

    public bool IsEmpty => Value == 0;
    public bool IsRequest => Class == 0 && Value != 0;
    public bool IsResponse => Class is 2 or 4 or 5;
    public bool IsSuccess => Class == 2;
    /// <summary>Classes 1, 6 and 7 are reserved (RFC 7252 section 3, 12.1).</summary>
    public bool IsReservedClass => Class is 1 or 6 or 7;

    public static readonly CoapCode Empty = new(0x00);

    // Methods (0.xx)
    public static readonly CoapCode Get = new(0x01);
    public static readonly CoapCode Post = new(0x02);
    public static readonly CoapCode Put = new(0x03);
    public static readonly CoapCode Delete = new(0x04);
    public static readonly CoapCode Fetch = new(0x05);
    public static readonly CoapCode Patch = new(0x06);
    public static readonly CoapCode IPatch = new(0x07);

    // Success (2.xx)
    public static readonly CoapCode Created = new(0x41);
    public static readonly CoapCode Deleted = new(0x42);
    public static readonly CoapCode Valid = new(0x43);
    public static readonly CoapCode Changed = new(0x44);
    public static readonly CoapCode Content = new(0x45);
    public static readonly CoapCode Continue = new(0x5F);

    // Client errors (4.xx)
    public static readonly CoapCode BadRequest = new(0x80);
    public static readonly CoapCode Unauthorized = new(0x81);
    public static readonly CoapCode BadOption = new(0x82);
    public static readonly CoapCode Forbidden = new(0x83);
    public static readonly CoapCode NotFound = new(0x84);
    public static readonly CoapCode MethodNotAllowed = new(0x85);
    public static readonly CoapCode NotAcceptable = new(0x86);
    public static readonly CoapCode RequestEntityIncomplete = new(0x88);
    public static readonly CoapCode Conflict = new(0x89);
    public static readonly CoapCode PreconditionFailed = new(0x8C);
    public static readonly CoapCode RequestEntityTooLarge = new(0x8D);
    public static readonly CoapCode UnsupportedContentFormat = new(0x8F);
    public static readonly CoapCode UnprocessableEntity = new(0x96);
    public static readonly CoapCode TooManyRequests = new(0x9D);

    // Server errors (5.xx)
    public static readonly CoapCode InternalServerError = new(0xA0);
    public static readonly CoapCode NotImplemented = new(0xA1);
    public static readonly CoapCode BadGateway = new(0xA2);
    public static readonly CoapCode ServiceUnavailable = new(0xA3);
    public static readonly CoapCode GatewayTimeout = new(0xA4);
    public static readonly CoapCode ProxyingNotSupported = new(0xA5);
    public static readonly CoapCode HopLimitReached = new(0xA8);

    public override string ToString() => $"{Class}.{Detail:D2}";
}
