namespace Eals.Protocol.Edhoc;

/// <summary>
/// METHOD (RFC 9528 section 3.2, table 2): how each party authenticates, by signature or by static
/// Diffie-Hellman key.
/// </summary>
public enum EdhocMethod
{
    /// <summary>Initiator signs, Responder signs.</summary>
    SignatureSignature = 0,

    /// <summary>Initiator signs, Responder static DH.</summary>
    SignatureStaticDh = 1,

    /// <summary>Initiator static DH, Responder signs.</summary>
    StaticDhSignature = 2,

    /// <summary>Initiator static DH, Responder static DH.</summary>
    StaticDhStaticDh = 3,
}

/// <summary>Which side signs under a method.</summary>
public static class EdhocMethodExtensions
{
    public static bool IsDefined(int method) => method is >= 0 and <= 3;

    public static bool InitiatorSigns(this EdhocMethod method) => method is EdhocMethod.SignatureSignature or EdhocMethod.SignatureStaticDh;

    public static bool ResponderSigns(this EdhocMethod method) => method is EdhocMethod.SignatureSignature or EdhocMethod.StaticDhSignature;
}
