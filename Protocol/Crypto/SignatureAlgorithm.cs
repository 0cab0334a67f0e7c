namespace Eals.Protocol.Crypto;

/// <summary>COSE signature algorithms of the supported EDHOC cipher suites (RFC 9053).</summary>
public enum SignatureAlgorithm
{
    /// <summary>EdDSA with Ed25519 (COSE -8); public keys 32 bytes, signatures 64 bytes.</summary>
    EdDsa = -8,

    /// <summary>ECDSA P-256 with SHA-256 (COSE -7); public keys x‖y (64 bytes), signatures raw r‖s (64 bytes).</summary>
    Es256 = -7,
}
