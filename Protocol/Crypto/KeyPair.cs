namespace Eals.Protocol.Crypto;

/// <summary>
/// A private key and its public key in wire form: the X25519 u-coordinate, the Ed25519 point, or the
/// P-256 x-coordinate. <see cref="PublicKeyY"/> is the P-256 y-coordinate (empty for the 25519 curves);
/// ES256 verification and EC2 COSE keys need it.
/// </summary>
public sealed class KeyPair(byte[] privateKey, byte[] publicKey, byte[] publicKeyY)
{
    public byte[] PrivateKey { get; } = privateKey;

    public byte[] PublicKey { get; } = publicKey;

    public byte[] PublicKeyY { get; } = publicKeyY;

    /// <summary>Never shows the private key.</summary>
    public override string ToString() => $"KeyPair(public {Convert.ToHexStringLower(PublicKey)})";
}
