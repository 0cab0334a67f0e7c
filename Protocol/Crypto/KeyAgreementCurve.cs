namespace Eals.Protocol.Crypto;

/// <summary>The Diffie-Hellman groups of the supported EDHOC cipher suites (RFC 9528 section 10.2).</summary>
public enum KeyAgreementCurve
{
    /// <summary>X25519 (RFC 7748); public keys are 32-byte u-coordinates.</summary>
    X25519,

    /// <summary>NIST P-256; public keys travel as 32-byte x-coordinates (RFC 9528 section 3.7).</summary>
    P256,
}
