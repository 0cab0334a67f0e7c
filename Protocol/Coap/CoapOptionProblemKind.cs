namespace Eals.Protocol.Coap;

public enum CoapOptionProblemKind : byte
{
    /// <summary>Not in the registry (RFC 7252 section 5.4.1).</summary>
    Unrecognized,
    /// <summary>Value length outside the defined range (section 5.4.3).</summary>
    BadLength,
    /// <summary>A non-repeatable option that occurs more than once (section 5.4.5).</summary>
    Repeated,
}
