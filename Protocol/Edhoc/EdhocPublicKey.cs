using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The authentication public key in a credential: <see cref="X"/> is the OKP key or the P-256
/// x-coordinate, <see cref="Y"/> the P-256 y-coordinate (needed to verify ES256; empty otherwise).
/// </summary>
public sealed record EdhocPublicKey(EdhocKeyType Type, byte[] X, byte[] Y)
{
    /// <summary>Whether this key can produce the signatures of <paramref name="suite"/>.</summary>
    public bool CanSign(EdhocCipherSuite suite) =>
        (suite.SignatureAlgorithm, Type) is (SignatureAlgorithm.EdDsa, EdhocKeyType.Ed25519) or (SignatureAlgorithm.Es256, EdhocKeyType.P256);

    /// <summary>Whether this key is a static Diffie-Hellman key on the curve of <paramref name="suite"/>.</summary>
    public bool CanAgree(EdhocCipherSuite suite) =>
        (suite.Curve, Type) is (KeyAgreementCurve.X25519, EdhocKeyType.X25519) or (KeyAgreementCurve.P256, EdhocKeyType.P256);

    /// <summary>The key as the crypto provider verifies with it (x‖y for P-256).</summary>
    internal byte[] VerificationKey => Type == EdhocKeyType.P256 ? [.. X, .. Y] : X;

    public override string ToString() => $"{Type}({Convert.ToHexStringLower(X)})";
}
