namespace Eals.Protocol.Edhoc;

/// <summary>The kind of public key a credential holds.</summary>
public enum EdhocKeyType
{
    /// <summary>Ed25519 signature key (OKP, crv 6).</summary>
    Ed25519,

    /// <summary>X25519 static Diffie-Hellman key (OKP, crv 4).</summary>
    X25519,

    /// <summary>P-256 key (EC2, crv 1): ES256 signatures or static Diffie-Hellman.</summary>
    P256,
}
