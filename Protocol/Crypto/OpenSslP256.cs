using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Eals.Protocol.Crypto.OpenSsl;

namespace Eals.Protocol.Crypto;

/// <summary>
/// P-256 straight through libcrypto 3, doing only the scalar multiplication each operation needs. The BCL's imports
/// run EC_KEY_check_key (an n·Q order check, and d·G again for a private key) and its ECDH validates the peer a second
/// time. Here the public point of a scalar and the ECDH point d·Q are one EC_POINT_mul each on a shared EC_GROUP
/// (ECDH_compute_key does the same multiplication, constant-time in the scalar); a public key is a copy of a template
/// EVP_PKEY given the new point (no group set-up per key, which costs more than a verification's overhead); a private
/// key for signing is built with EVP_PKEY_fromdata, which checks nothing expensive. That is safe because
/// <see cref="P256Primitives"/> validates every point first (<see cref="P256Curve.IsOnCurve"/>: full validation for a
/// cofactor-1 curve) and every scalar (<see cref="P256Curve.IsValidScalar"/>); libcrypto's point decoding checks the
/// point again, cheaply.
/// </summary>
internal sealed class OpenSslP256 : IP256Backend
{
    // The largest DER Ecdsa-Sig-Value for P-256: SEQUENCE { INTEGER (33 bytes), INTEGER (33 bytes) }.
    private const int MaxDerSignatureLength = 72;

    // OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY.
    private const string EncodedPublicKey = "encoded-pub-key";

    private static readonly Lazy<OpenSslP256?> Shared = new(Create);

    private static readonly byte[] One = [.. new byte[P256Curve.CoordinateLength - 1], 1];
    private static readonly byte[] Generator = Convert.FromHexString(
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296" + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

    // Process-lifetime, shared read-only by every thread: the group, SHA-256, and a public key (G) to copy.
    private readonly nint _group;
    private readonly nint _sha256;
    private readonly EvpPKeyHandle _publicKeyTemplate;

    private OpenSslP256(nint group, nint sha256, EvpPKeyHandle publicKeyTemplate)
    {
        _group = group;
        _sha256 = sha256;
        _publicKeyTemplate = publicKeyTemplate;
    }

    /// <summary>The direct path, or null where libcrypto 3 or one of its functions is missing (decided once).</summary>
    public static OpenSslP256? Instance => Shared.Value;

    public string Name => "OpenSSL";

    public byte[] PublicKey(ReadOnlySpan<byte> privateKey) =>
        Multiply(privateKey, [], out byte[] point) ? point : throw Failure("EC_POINT_mul");

    public bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerX, ReadOnlySpan<byte> peerY, out byte[] sharedSecret)
    {
        sharedSecret = [];
        Span<byte> peer = stackalloc byte[P256Curve.EncodedPointLength];
        Encode(peerX, peerY, peer);
        if (!Multiply(privateKey, peer, out byte[] point))
        {
            return false;
        }
        sharedSecret = point[..P256Curve.CoordinateLength];
        return true;
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, DSASignatureFormat format)
    {
        using var key = ImportPrivateKey(privateKey);
        nint context = LibCrypto.EVP_MD_CTX_new();
        byte[] der = new byte[MaxDerSignatureLength];
        nuint length = (nuint)der.Length;
        try
        {
            if (context == 0
                || LibCrypto.EVP_DigestSignInit(context, 0, _sha256, 0, key) != 1
                || LibCrypto.EVP_DigestSign(context, ref der[0], ref length, ref MemoryMarshal.GetReference(message), (nuint)message.Length) != 1)
            {
                throw Failure("EVP_DigestSign");
            }
        }
        finally
        {
            LibCrypto.EVP_MD_CTX_free(context);
        }
        der = der[..(int)length];
        if (format == DSASignatureFormat.Rfc3279DerSequence)
        {
            return der;
        }
        return EcdsaSignatureEncoding.TryToP1363(der, out byte[] p1363) ? p1363 : throw new CryptographicException("libcrypto returned a malformed ECDSA signature.");
    }

    public IP256PublicKey ImportPublicKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        Span<byte> encoded = stackalloc byte[P256Curve.EncodedPointLength];
        Encode(x, y, encoded);
        var key = LibCrypto.EVP_PKEY_dup(_publicKeyTemplate);
        if (key.IsInvalid || LibCrypto.EVP_PKEY_set_octet_string_param(key, EncodedPublicKey, ref encoded[0], (nuint)encoded.Length) != 1)
        {
            key.Dispose();
            throw Failure("EVP_PKEY_set_octet_string_param");
        }
        return new OpenSslP256PublicKey(key, _sha256);
    }

    /// <summary>Clears libcrypto's error queue (this thread's) so a later BCL call does not report our failure as its own.</summary>
    internal static CryptographicException Failure(string call)
    {
        LibCrypto.ERR_clear_error();
        return new CryptographicException($"libcrypto: {call} failed.");
    }

    private static OpenSslP256? Create()
    {
        if (!LibCrypto.IsAvailable)
        {
            return null;
        }
        nint group = LibCrypto.EC_GROUP_new_by_curve_name(LibCrypto.Prime256v1);
        nint sha256 = LibCrypto.EVP_sha256();
        if (group == 0 || sha256 == 0)
        {
            LibCrypto.ERR_clear_error();
            return null;
        }
        try
        {
            using var generator = OsslParameters.ForKey([0x04, .. Generator], []);
            var backend = new OpenSslP256(group, sha256, Import(generator, LibCrypto.SelectPublicKey));
            // A library that loads but computes something else (a broken or unexpected build) is not used: 1·G = G.
            return backend.PublicKey(One).AsSpan().SequenceEqual(Generator) ? backend : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static void Encode(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> encoded)
    {
        encoded[0] = 0x04;
        x.CopyTo(encoded[1..]);
        y.CopyTo(encoded[(1 + P256Curve.CoordinateLength)..]);
    }

    /// <summary>x‖y of d·Q, or of d·G when <paramref name="encodedPoint"/> is empty; false when libcrypto refuses.</summary>
    private bool Multiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> encodedPoint, out byte[] product)
    {
        product = [];
        nint secret = LibCrypto.BN_bin2bn(ref MemoryMarshal.GetReference(scalar), scalar.Length, 0);
        nint point = 0;
        nint result = 0;
        try
        {
            if (secret == 0)
            {
                return Refused();
            }
            LibCrypto.BN_set_flags(secret, LibCrypto.ConstantTime);
            result = LibCrypto.EC_POINT_new(_group);
            if (result == 0)
            {
                return Refused();
            }
            int multiplied;
            if (encodedPoint.IsEmpty)
            {
                multiplied = LibCrypto.EC_POINT_mul(_group, result, secret, 0, 0, 0);
            }
            else
            {
                point = LibCrypto.EC_POINT_new(_group);
                multiplied = point != 0 && LibCrypto.EC_POINT_oct2point(_group, point, ref MemoryMarshal.GetReference(encodedPoint), (nuint)encodedPoint.Length, 0) == 1
                    ? LibCrypto.EC_POINT_mul(_group, result, 0, point, secret, 0)
                    : 0;
            }
            byte[] encoded = new byte[P256Curve.EncodedPointLength];
            if (multiplied != 1
                || LibCrypto.EC_POINT_point2oct(_group, result, LibCrypto.UncompressedForm, ref encoded[0], (nuint)encoded.Length, 0) != (nuint)encoded.Length)
            {
                return Refused(); // also the point at infinity, which has no such encoding
            }
            product = encoded[1..];
            return true;
        }
        finally
        {
            LibCrypto.EC_POINT_free(result);
            LibCrypto.EC_POINT_free(point);
            LibCrypto.BN_clear_free(secret);
        }
    }

    private static bool Refused()
    {
        LibCrypto.ERR_clear_error();
        return false;
    }

    private static EvpPKeyHandle ImportPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        using var parameters = OsslParameters.ForKey([], privateKey);
        return Import(parameters, LibCrypto.SelectKeyPair);
    }

    private static EvpPKeyHandle Import(OsslParameters parameters, int selection)
    {
        nint context = LibCrypto.EVP_PKEY_CTX_new_from_name(0, "EC", 0);
        try
        {
            if (context == 0 || LibCrypto.EVP_PKEY_fromdata_init(context) != 1)
            {
                throw Failure("EVP_PKEY_fromdata_init");
            }
            int imported = LibCrypto.EVP_PKEY_fromdata(context, out var key, selection, parameters);
            if (imported != 1 || key.IsInvalid)
            {
                key.Dispose();
                throw Failure("EVP_PKEY_fromdata");
            }
            return key;
        }
        finally
        {
            LibCrypto.EVP_PKEY_CTX_free(context);
        }
    }
}
