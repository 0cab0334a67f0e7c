namespace Eals.Protocol.Edhoc;

/// <summary>How ID_CRED refers to an X.509 certificate (RFC 9360).</summary>
public enum EdhocX509Reference
{
    /// <summary><c>x5t</c> (label 34): SHA-256/64 thumbprint; the peer must already hold the certificate.</summary>
    X5t,

    /// <summary><c>x5chain</c> (label 33): the certificate itself travels in ID_CRED.</summary>
    X5Chain,
}
