namespace Eals.Protocol.Coap;

/// <summary>Option value formats of RFC 7252 section 3.2.</summary>
public enum CoapOptionFormat : byte
{
    Empty,
    Opaque,
    UInt,
    String,
}
