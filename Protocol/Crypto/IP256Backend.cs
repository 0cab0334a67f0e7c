using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// The library that does the P-256 scalar multiplications. Callers (<see cref="P256Primitives"/>) have checked every
/// input already: scalars with <see cref="P256Curve.IsValidScalar"/>, points with <see cref="P256Curve.IsOnCurve"/>.
/// Implementations are thread-safe.
/// </summary>
internal interface IP256Backend
{
    /// <summary>A short name for logs and benchmarks.</summary>
    string Name { get; }

    /// <summary>x‖y of d·G.</summary>
    byte[] PublicKey(ReadOnlySpan<byte> privateKey);

    /// <summary>The x-coordinate of d·Q; false when the library refuses.</summary>
    bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerX, ReadOnlySpan<byte> peerY, out byte[] sharedSecret);

    /// <summary>ES256 (ECDSA with SHA-256) over <paramref name="message"/>, in <paramref name="format"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, DSASignatureFormat format);

    /// <summary>The public key x‖y ready for repeated verification.</summary>
    IP256PublicKey ImportPublicKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y);
}
