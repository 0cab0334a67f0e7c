namespace Eals.Protocol.Crypto;

/// <summary>
/// P-256 ECDH and ES256 for the cipher suites (<see cref="P256Primitives"/>), on libcrypto 3 directly where it can be
/// called (<see cref="OpenSslP256"/>), otherwise through the BCL (<see cref="BclP256"/>); chosen once, at first use.
/// </summary>
internal static class P256Operations
{
    public const int CoordinateLength = P256Curve.CoordinateLength;
    public const int SignatureLength = 2 * P256Curve.CoordinateLength;

    public static P256Primitives Current { get; } = new(OpenSslP256.Instance ?? (IP256Backend)BclP256.Instance);

    public static KeyPair Generate(IRandomSource random) => Current.Generate(random);

    /// <summary>NIST SP 800-56A 5.6.2.3 partial validation: 32 bytes, x &lt; p, x on the curve.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> x) => P256Primitives.IsValidPublicKey(x);

    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKeyX, out byte[] sharedSecret) =>
        Current.TryAgree(privateKey, publicKeyX, out sharedSecret);

    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message) => Current.Sign(privateKey, message);

    /// <summary>Verifies with the public key x‖y (64 bytes).</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Current.Verify(publicKey, message, signature);
}
