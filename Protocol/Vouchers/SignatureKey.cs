using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// A verification key in the raw form <see cref="ICipherSuiteCrypto.Verify"/> takes: P-256 x‖y for ES256,
/// the 32-byte point for EdDSA. Read from a SubjectPublicKeyInfo: id-ecPublicKey on secp256r1 (RFC 5480
/// section 2.1.1) or id-Ed25519 (RFC 8410 section 3, OID 1.3.101.112, parameters absent).
/// <code>
/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { algorithm OID, parameters ANY OPTIONAL }, subjectPublicKey BIT STRING }
/// </code>
/// </summary>
internal sealed class SignatureKey
{
    public const string Ed25519Oid = "1.3.101.112";
    private const int Ed25519KeyLength = 32;

    // Keys read before, by their SubjectPublicKeyInfo: reading is a parse, not a trust decision, and the entry keeps
    // the key imported for verification. Bounded.
    private static readonly BoundedCache<SignatureKey> Known = new(4096);

    private readonly P256VerificationKey? _p256;

    private SignatureKey(SignatureAlgorithm algorithm, byte[] rawKey, P256VerificationKey? p256)
    {
        Algorithm = algorithm;
        RawKey = rawKey;
        _p256 = p256;
    }

    public SignatureAlgorithm Algorithm { get; }

    public byte[] RawKey { get; }

    public static SignatureKey From(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] info;
        try
        {
            info = key.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException e)
        {
            throw new VoucherException(VoucherError.UnsupportedAlgorithm, "The public key cannot be encoded as a SubjectPublicKeyInfo.", e);
        }
        if (Known.TryGet(info, out var known))
        {
            return known;
        }
        var read = key.Oid.Value switch
        {
            PkiOids.EcPublicKey => FromP256(key),
            Ed25519Oid => FromEd25519(key),
            var other => throw new VoucherException(VoucherError.UnsupportedAlgorithm, $"The key algorithm {other} is neither P-256 nor Ed25519."),
        };
        Known.Add(info, read);
        return read;
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="message"/> with this key (ES256 through the imported key).</summary>
    public bool Verify(ICipherSuiteCrypto crypto, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        _p256 is { } p256 ? p256.Verify(message, signature) : crypto.Verify(Algorithm, RawKey, message, signature);

    private static SignatureKey FromP256(PublicKey key)
    {
        try
        {
            var p256 = PublicKeys.OpenP256(key);
            return new SignatureKey(SignatureAlgorithm.Es256, p256.RawKey, p256);
        }
        catch (PkiException e)
        {
            throw new VoucherException(VoucherError.UnsupportedAlgorithm, $"The EC key is not a usable P-256 key: {e.Message}", e);
        }
    }

    private static SignatureKey FromEd25519(PublicKey key)
    {
        try
        {
            var reader = new AsnReader(key.ExportSubjectPublicKeyInfo(), AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = info.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            algorithm.ThrowIfNotEmpty(); // RFC 8410 section 3: the parameters MUST be absent.
            byte[] point = info.ReadBitString(out int unusedBits);
            info.ThrowIfNotEmpty();
            if (oid != Ed25519Oid || unusedBits != 0 || point.Length != Ed25519KeyLength)
            {
                throw new VoucherException(VoucherError.UnsupportedAlgorithm, "The Ed25519 SubjectPublicKeyInfo is not a 32-byte id-Ed25519 key.");
            }
            return new SignatureKey(SignatureAlgorithm.EdDsa, point, null);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw new VoucherException(VoucherError.UnsupportedAlgorithm, "The Ed25519 SubjectPublicKeyInfo is not well-formed.", e);
        }
    }
}
