namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 4.1: how OSCORE protects a CoAP option. Some options exist in both an Inner and an
/// Outer form, each with its own use (<see cref="OscoreOptionClasses"/>).
/// </summary>
[Flags]
public enum OscoreOptionClass : byte
{
    /// <summary>Not an option OSCORE carries (only used as a neutral value).</summary>
    None = 0,
    /// <summary>Class E: encrypted and integrity protected (Inner option, in the plaintext).</summary>
    E = 1,
    /// <summary>Class I: integrity protected only, in the AAD. RFC 8613 defines none.</summary>
    I = 2,
    /// <summary>Class U: unprotected (Outer option, readable by proxies).</summary>
    U = 4,
}
