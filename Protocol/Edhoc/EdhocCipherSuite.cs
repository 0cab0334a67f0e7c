using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// An implemented EDHOC cipher suite (RFC 9528 section 10.2). Suites 0 and 2 share AES-CCM-16-64-128,
/// SHA-256 and an 8-byte EDHOC MAC; they differ in the curve and the signature algorithm.
/// </summary>
/// <remarks>
/// <code>
/// suite 0: 10, -16, 8, X25519, EdDSA, 10, -16
/// suite 2: 10, -16, 8, P-256,  ES256, 10, -16
/// </code>
/// </remarks>
public sealed record EdhocCipherSuite(int Id, KeyAgreementCurve Curve, SignatureAlgorithm SignatureAlgorithm)
{
    public const int HashLength = 32;
    public const int AeadKeyLength = 16;
    public const int AeadIvLength = 13;
    public const int AeadTagLength = 8;
    public const int MacLength = 8;
    public const int EphemeralKeyLength = 32;
    public const int SignatureLength = 64;

    /// <summary>Application AEAD (COSE 10, AES-CCM-16-64-128) and the HKDF of the application hash (COSE -10, HKDF SHA-256).</summary>
    public const int ApplicationAeadAlgorithm = 10;
    public const int ApplicationHkdfAlgorithm = -10;

    public static EdhocCipherSuite Suite0 { get; } = new(0, KeyAgreementCurve.X25519, SignatureAlgorithm.EdDsa);

    public static EdhocCipherSuite Suite2 { get; } = new(2, KeyAgreementCurve.P256, SignatureAlgorithm.Es256);

    public static IReadOnlyList<EdhocCipherSuite> Implemented { get; } = [Suite0, Suite2];

    public static EdhocCipherSuite? Find(int id) => Implemented.FirstOrDefault(s => s.Id == id);

    /// <summary>
    /// Length of an ephemeral public key for every registered suite, implemented or not, so that a
    /// malformed G_X is reported as such (RFC 9529 section 4.2.1) rather than as an unsupported suite.
    /// </summary>
    public static int? RegisteredEphemeralKeyLength(int id) => id switch
    {
        >= 0 and <= 7 => 32,   // X25519 or P-256
        24 => 48,              // P-384
        25 => 56,              // X448
        _ => null,
    };
}
