using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// The option classes of RFC 8613 section 4.1 (Figure 5) for every option the CoAP registry knows,
/// with the later RFCs that define their OSCORE treatment:
/// <code>
/// | No. | Name           | E | U |
/// |   1 | If-Match       | x |   |
/// |   3 | Uri-Host       |   | x |
/// |   4 | ETag           | x |   |
/// |   5 | If-None-Match  | x |   |
/// |   6 | Observe        | x | x |   (4.1.3.5: both, the Outer one for proxies)
/// |   7 | Uri-Port       |   | x |
/// |   8 | Location-Path  | x |   |
/// |   9 | OSCORE         |   | * |   (the option itself, Outer only)
/// |  11 | Uri-Path       | x |   |
/// |  12 | Content-Format | x |   |
/// |  14 | Max-Age        | x | x |   (4.1.3.1: Outer only for proxy caching)
/// |  15 | Uri-Query      | x |   |
/// |  16 | Hop-Limit      |   | x |   (RFC 8768 section 3)
/// |  17 | Accept         | x |   |
/// |  20 | Location-Query | x |   |
/// |  21 | EDHOC          |   | x |   (RFC 9668 section 3.1)
/// |  23 | Block2         | x | x |   (4.1.3.4: Outer ones for proxy fragmentation)
/// |  27 | Block1         | x | x |
/// |  28 | Size2          | x | x |
/// |  35 | Proxy-Uri      |   | x |   (4.1.3.3: decomposed before protection)
/// |  39 | Proxy-Scheme   |   | x |
/// |  60 | Size1          | x | x |
/// | 252 | Echo           | x |   |   (RFC 9175 sections 2.2.1 and 3.2.1)
/// | 258 | No-Response    | x | x |   (RFC 7967 with RFC 8613 4.1.3)
/// | 292 | Request-Tag    | x |   |
/// </code>
/// Any other option, known or not, is Class E (RFC 8613 section 4.1: "unknown ... SHALL be processed as Class E").
/// </summary>
public static class OscoreOptionClasses
{
    public static OscoreOptionClass Of(ushort number) => number switch
    {
        CoapOptionNumber.UriHost or CoapOptionNumber.UriPort or CoapOptionNumber.ProxyUri or CoapOptionNumber.ProxyScheme
            or CoapOptionNumber.HopLimit or CoapOptionNumber.Edhoc or CoapOptionNumber.Oscore => OscoreOptionClass.U,
        CoapOptionNumber.Observe or CoapOptionNumber.MaxAge or CoapOptionNumber.Block1 or CoapOptionNumber.Block2
            or CoapOptionNumber.Size1 or CoapOptionNumber.Size2 or CoapOptionNumber.NoResponse => OscoreOptionClass.E | OscoreOptionClass.U,
        _ => OscoreOptionClass.E,
    };

    /// <summary>
    /// Where the application's instance of an option goes when a message is protected: Inner for E and
    /// for "both" options (the Outer form belongs to proxies and the transport), except Observe, which is
    /// copied to both places so that proxies can still observe (RFC 8613 section 4.1.3.5).
    /// </summary>
    public static bool GoesInner(ushort number) => (Of(number) & OscoreOptionClass.E) != 0;

    public static bool GoesOuter(ushort number) => number == CoapOptionNumber.Observe || Of(number) == OscoreOptionClass.U;

    /// <summary>Whether an Outer option of a received OSCORE message is kept in the unprotected result (Class U only).</summary>
    public static bool KeepOuterOnReceive(ushort number) => Of(number) == OscoreOptionClass.U && number != CoapOptionNumber.Oscore;
}
