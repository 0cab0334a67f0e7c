using System.Collections.Frozen;

namespace Eals.Protocol.Coap;

/// <summary>
/// The options this stack recognises, with the lengths and repeatability of their registering RFCs.
/// Anything not here is "unrecognized" in the sense of RFC 7252 section 5.4.1.
/// </summary>
public sealed class CoapOptionRegistry
{
    private readonly FrozenDictionary<ushort, CoapOptionDefinition> _definitions;

    public CoapOptionRegistry(IEnumerable<CoapOptionDefinition> definitions)
    {
        _definitions = definitions.ToFrozenDictionary(d => d.Number);
    }

    public static CoapOptionRegistry Default { get; } = new(
    [
        new(CoapOptionNumber.IfMatch, "If-Match", CoapOptionFormat.Opaque, 0, 8, true),
        new(CoapOptionNumber.UriHost, "Uri-Host", CoapOptionFormat.String, 1, 255, false),
        new(CoapOptionNumber.ETag, "ETag", CoapOptionFormat.Opaque, 1, 8, true),
        new(CoapOptionNumber.IfNoneMatch, "If-None-Match", CoapOptionFormat.Empty, 0, 0, false),
        new(CoapOptionNumber.Observe, "Observe", CoapOptionFormat.UInt, 0, 3, false),
        new(CoapOptionNumber.UriPort, "Uri-Port", CoapOptionFormat.UInt, 0, 2, false),
        new(CoapOptionNumber.LocationPath, "Location-Path", CoapOptionFormat.String, 0, 255, true),
        new(CoapOptionNumber.Oscore, "OSCORE", CoapOptionFormat.Opaque, 0, 255, false),
        new(CoapOptionNumber.UriPath, "Uri-Path", CoapOptionFormat.String, 0, 255, true),
        new(CoapOptionNumber.ContentFormat, "Content-Format", CoapOptionFormat.UInt, 0, 2, false),
        new(CoapOptionNumber.MaxAge, "Max-Age", CoapOptionFormat.UInt, 0, 4, false),
        new(CoapOptionNumber.UriQuery, "Uri-Query", CoapOptionFormat.String, 0, 255, true),
        new(CoapOptionNumber.HopLimit, "Hop-Limit", CoapOptionFormat.UInt, 1, 1, false),
        new(CoapOptionNumber.Accept, "Accept", CoapOptionFormat.UInt, 0, 2, false),
        new(CoapOptionNumber.LocationQuery, "Location-Query", CoapOptionFormat.String, 0, 255, true),
        new(CoapOptionNumber.Edhoc, "EDHOC", CoapOptionFormat.Empty, 0, 0, false),
        new(CoapOptionNumber.Block2, "Block2", CoapOptionFormat.UInt, 0, 3, false),
        new(CoapOptionNumber.Block1, "Block1", CoapOptionFormat.UInt, 0, 3, false),
        new(CoapOptionNumber.Size2, "Size2", CoapOptionFormat.UInt, 0, 4, false),
        new(CoapOptionNumber.ProxyUri, "Proxy-Uri", CoapOptionFormat.String, 1, 1034, false),
        new(CoapOptionNumber.ProxyScheme, "Proxy-Scheme", CoapOptionFormat.String, 1, 255, false),
        new(CoapOptionNumber.Size1, "Size1", CoapOptionFormat.UInt, 0, 4, false),
        new(CoapOptionNumber.Echo, "Echo", CoapOptionFormat.Opaque, 1, 40, false),
        new(CoapOptionNumber.NoResponse, "No-Response", CoapOptionFormat.UInt, 0, 1, false),
        new(CoapOptionNumber.RequestTag, "Request-Tag", CoapOptionFormat.Opaque, 0, 8, true),
    ]);

    public bool TryGet(int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CoapOptionDefinition? definition)
    {
        if ((uint)number > ushort.MaxValue)
        {
            definition = null;
            return false;
        }
        return _definitions.TryGetValue((ushort)number, out definition);
    }

    public string NameOf(int number) => TryGet(number, out var d) ? d.Name : $"Option {number}";
}
